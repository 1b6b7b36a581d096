import Foundation
import RegionAudit
import RegionCore
import Testing

/// Three real PostgreSQL clusters and three in-process agents (server + replication) on
/// loopback, writing concurrently: rows converge where residency allows them and nowhere
/// else, and every region's residency log verifies and accounts for every transfer and block.
@Suite(.serialized) struct EndToEndReplicationTests {
    typealias Regions = ThreeRegionConfig

    /// Rows every region may hold: US and JP users; the rest is personal data with a home.
    static let globalUsers = "SELECT count(*) FROM users WHERE country IN ('US', 'JP')"
    static let globalUsersDigest = """
        SELECT md5(coalesce(string_agg(id || ':' || name || ':' || country || ':' || coalesce(tags::text, '-') || ':' || coalesce(profile::text, '-'), ',' ORDER BY id), ''))
        FROM users WHERE country IN ('US', 'JP')
        """
    static let globalOrdersDigest = "SELECT md5(coalesce(string_agg(id || ':' || amount, ',' ORDER BY id), '')) FROM orders WHERE country IN ('US', 'JP')"

    @Test func concurrentWritesConvergeWhereResidencyAllows() async throws {
        let cluster = try await LoopbackCluster.start()
        await cluster.startAll()
        do {
            try await writeConcurrently(cluster)
            try await waitForConvergence(cluster, globalUsers: 90, globalOrders: 40, logs: 600)
            try await changeConcurrently(cluster)
            try await waitForConvergence(cluster, globalUsers: 75, globalOrders: 40, logs: 600)
            try await expectResidencyHeld(cluster)
            try await expectConflictsResolvedIdentically(cluster)
            await cluster.stopAll()
            try await expectAuditTrails(cluster)
        } catch {
            await cluster.shutdown()
            throw error
        }
        await cluster.shutdown()
    }

    // MARK: Workload

    /// Every region at once: conflicting upserts of users 1–20, rows of every class, logs.
    private func writeConcurrently(_ cluster: LoopbackCluster) async throws {
        func conflicting(_ region: RegionName) async throws {
            for id in 1...20 {
                try await cluster.execute("""
                    INSERT INTO users (id, country, name) VALUES (\(id), 'US', '\(region)-\(id)')
                    ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, country = EXCLUDED.country
                    """, in: region)
            }
        }
        func seoulWrites() async throws {
            try await conflicting(Regions.seoul)
            try await cluster.execute("""
                INSERT INTO users (id, country, name) SELECT g, 'KR', 'kr-' || g FROM generate_series(1001, 1030) g;
                INSERT INTO users (id, country, name, tags, profile)
                    SELECT g, 'US', 'us-' || g, ARRAY['a', 'b "quoted"'], jsonb_build_object('n', g, 'nested', jsonb_build_array(1.50, 'x'))
                    FROM generate_series(1101, 1130) g;
                INSERT INTO orders SELECT g, 'KR', g * 1.25 FROM generate_series(1001, 1020) g;
                INSERT INTO orders SELECT g, 'US', g * 2.5 FROM generate_series(1101, 1120) g;
                INSERT INTO app_logs SELECT g, 'seoul log line ' || g FROM generate_series(1, 200) g;
                """, in: Regions.seoul)
        }
        func tokyoWrites() async throws {
            try await conflicting(Regions.tokyo)
            try await cluster.execute("""
                INSERT INTO users (id, country, name) SELECT g, 'JP', 'jp-' || g FROM generate_series(2001, 2030) g;
                INSERT INTO users (id, country, name) VALUES (2500, '  ', 'blank country'), (2501, NULL, 'no country');
                INSERT INTO orders SELECT g, 'JP', g * 3 FROM generate_series(2001, 2020) g;
                INSERT INTO app_logs SELECT g, 'tokyo log line ' || g FROM generate_series(10001, 10200) g;
                """, in: Regions.tokyo)
        }
        func frankfurtWrites() async throws {
            try await conflicting(Regions.frankfurt)
            try await cluster.execute("""
                INSERT INTO users (id, country, name) SELECT g, 'DE', 'de-' || g FROM generate_series(3001, 3030) g;
                INSERT INTO users (id, country, name) SELECT g, 'US', 'us-' || g FROM generate_series(3101, 3110) g;
                INSERT INTO orders SELECT g, 'FR', g * 4 FROM generate_series(3001, 3020) g;
                INSERT INTO app_logs SELECT g, 'frankfurt log line ' || g FROM generate_series(20001, 20200) g;
                """, in: Regions.frankfurt)
        }
        async let seoul: Void = seoulWrites()
        async let tokyo: Void = tokyoWrites()
        async let frankfurt: Void = frankfurtWrites()
        _ = try await (seoul, tokyo, frankfurt)
    }

    /// Deletes (of rows written elsewhere too) and class changes in both directions.
    private func changeConcurrently(_ cluster: LoopbackCluster) async throws {
        async let seoul: Void = cluster.execute("""
            DELETE FROM users WHERE id BETWEEN 1101 AND 1110;
            UPDATE users SET name = 'renamed' WHERE id = 1111;
            UPDATE users SET country = 'KR' WHERE id = 1121;
            """, in: Regions.seoul)
        async let tokyo: Void = cluster.execute("DELETE FROM users WHERE id BETWEEN 1 AND 5", in: Regions.tokyo)
        async let frankfurt: Void = cluster.execute("UPDATE users SET country = 'US' WHERE id = 3001", in: Regions.frankfurt)
        _ = try await (seoul, tokyo, frankfurt)
    }

    private func waitForConvergence(_ cluster: LoopbackCluster, globalUsers: Int, globalOrders: Int, logs: Int) async throws {
        try await waitUntil("every region holds the same \(globalUsers) global users") {
            var digests: Set<String?> = []
            for region in Regions.regions {
                guard try await cluster.scalar(Self.globalUsers, in: region) == String(globalUsers),
                      try await cluster.scalar("SELECT count(*) FROM orders WHERE country IN ('US', 'JP')", in: region) == String(globalOrders),
                      try await cluster.scalar("SELECT count(*) FROM app_logs", in: region) == String(logs)
                else { return false }
                digests.insert(try await cluster.scalar(Self.globalUsersDigest, in: region))
                digests.insert(try await cluster.scalar(Self.globalOrdersDigest, in: region))
            }
            return digests.count == 2
        }
    }

    // MARK: Expectations

    private func expectResidencyHeld(_ cluster: LoopbackCluster) async throws {
        for region in [Regions.tokyo, Regions.frankfurt] {
            #expect(try await cluster.scalar("SELECT count(*) FROM users WHERE country = 'KR'", in: region) == "0")
            #expect(try await cluster.scalar("SELECT count(*) FROM orders WHERE country = 'KR'", in: region) == "0")
            #expect(try await cluster.scalar("SELECT count(*) FROM users WHERE id = 1121", in: region) == "0")
        }
        #expect(try await cluster.scalar("SELECT country FROM users WHERE id = 1121", in: Regions.seoul) == "KR")
        for region in [Regions.seoul, Regions.tokyo] {
            #expect(try await cluster.scalar("SELECT count(*) FROM users WHERE country IN ('DE', 'FR')", in: region) == "0")
            #expect(try await cluster.scalar("SELECT count(*) FROM orders WHERE country IN ('DE', 'FR')", in: region) == "0")
        }
        // Blank and NULL countries have no class: the core keeps them where they were
        // written, whatever the SQL default would have said.
        for region in [Regions.seoul, Regions.frankfurt] {
            #expect(try await cluster.scalar("SELECT count(*) FROM users WHERE id IN (2500, 2501)", in: region) == "0")
        }
        #expect(try await cluster.scalar("SELECT count(*) FROM users WHERE id IN (2500, 2501)", in: Regions.tokyo) == "2")
        #expect(try await cluster.scalar("SELECT count(*) FROM users WHERE country = 'KR'", in: Regions.seoul) == "31")
        #expect(try await cluster.scalar("SELECT count(*) FROM users WHERE country = 'DE'", in: Regions.frankfurt) == "29")
    }

    private func expectConflictsResolvedIdentically(_ cluster: LoopbackCluster) async throws {
        let winners = "SELECT string_agg(name, ',' ORDER BY id) FROM users WHERE id BETWEEN 1 AND 20"
        let seoul = try await cluster.scalar(winners, in: Regions.seoul)
        #expect(try await cluster.scalar(winners, in: Regions.tokyo) == seoul)
        #expect(try await cluster.scalar(winners, in: Regions.frankfurt) == seoul)
        #expect(try await cluster.scalar("SELECT count(*) FROM users WHERE id BETWEEN 1 AND 20", in: Regions.seoul) == "15")
    }

    private func expectAuditTrails(_ cluster: LoopbackCluster) async throws {
        for region in Regions.regions {
            let directory = await cluster.auditDirectory(region)
            guard case .intact(let log) = try ResidencyLogVerifier(directory: directory).verify() else {
                Issue.record("residency log of \(region) does not verify")
                continue
            }
            #expect(log.records > 0)
        }
        let seoul = try ResidencyLogReader(directory: await cluster.auditDirectory(Regions.seoul)).records()
        let tokyo = try ResidencyLogReader(directory: await cluster.auditDirectory(Regions.tokyo)).records()
        let frankfurt = try ResidencyLogReader(directory: await cluster.auditDirectory(Regions.frankfurt)).records()
        for peer in [Regions.tokyo, Regions.frankfurt] {
            // 30 KR users and 20 KR orders never left seoul.
            #expect(rows(seoul, kind: .blocked, to: peer, residencyClass: "kr-personal") == 50)
            // Phase 1: 20 conflicting, 30 US users, 20 US orders, 200 logs; phase 2: 10
            // deletes, 1 rename, 1 tombstone for the row that became kr-personal.
            #expect(rows(seoul, kind: .transfer, to: peer) == 282)
            let bytesSent = seoul.filter { $0.event.kind == .transfer && $0.event.to == peer }.reduce(0) { $0 + $1.event.bytes }
            #expect(bytesSent > 282, "transfer records carry their batches' size on the wire")
        }
        for peer in [Regions.seoul, Regions.tokyo] {
            #expect(rows(frankfurt, kind: .blocked, to: peer, residencyClass: "gdpr") == 50)
        }
        for peer in [Regions.seoul, Regions.frankfurt] {
            #expect(rows(tokyo, kind: .blocked, to: peer, residencyClass: .some(nil)) == 2)
        }
        #expect(!seoul.contains { $0.event.kind == .rejected })
        let personal = seoul.filter { $0.event.kind == .transfer && $0.event.residencyClass == "kr-personal" && $0.event.to != Regions.seoul }
        #expect(!personal.isEmpty && personal.allSatisfy { $0.event.detail == "tombstone" }, "only tombstones of kr-personal rows may leave seoul")
    }

    /// Rows recorded under `kind` towards `to`; `residencyClass` narrows to one class
    /// (`.some(nil)`: rows without a class), omitted it counts every class.
    private func rows(_ records: [AuditRecord], kind: AuditEventKind, to: RegionName, residencyClass: String?? = .none) -> Int {
        records.filter { record in
            record.event.kind == kind && record.event.to == to
                && (residencyClass.map { record.event.residencyClass == $0 } ?? true)
        }.reduce(0) { $0 + $1.event.rows }
    }
}
