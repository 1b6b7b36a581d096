import Foundation
import RegionCore
import RegionPostgres
import Testing

@Suite("change capture")
struct CaptureTests {
    let config = Fixtures.config(regions: ["seoul", "tokyo"])

    @Test func everyCommittedChangeIsCapturedOnceWithVersionTierAndClass() async throws {
        try await LocalPostgresCluster.with(logger: Fixtures.logger) { cluster in
            let seoul = try await RegionDatabase.make("seoul", in: cluster, config: config)
            try await seoul.connection.execute("""
                INSERT INTO accounts (id, country, name) VALUES (1, 'KR', 'kim'), (2, 'DE', 'müller'), (3, NULL, 'anon'), (4, 'JP', 'sato');
                UPDATE accounts SET country = 'FR' WHERE id = 1;
                DELETE FROM accounts WHERE id = 4;
                """)
            try await seoul.connection.execute("BEGIN")
            try await seoul.connection.execute("INSERT INTO accounts (id, name) VALUES (9, 'rolled back')")
            try await seoul.connection.execute("ROLLBACK")
            try await seoul.connection.execute("INSERT INTO posts (id, author, body) VALUES (10, 1, 'hello')")
            let changes = try await seoul.drain(for: "tokyo", tiers: ["critical", "content", "logs"])
            #expect(changes.count == 7)
            let accounts = changes.filter { $0.table == "accounts" }
            #expect(accounts.map(\.operation) == [.insert, .insert, .insert, .insert, .update, .delete])
            #expect(accounts.map(\.classAfter) == ["kr-personal", "gdpr", nil, "global", "gdpr", nil])
            #expect(accounts[4].classBefore == "kr-personal")
            #expect(accounts[5].classBefore == "global")
            #expect(accounts[5].row == nil)
            #expect(accounts.allSatisfy { $0.version.origin == "seoul" && $0.tier == "critical" })
            // Per row, each version is above the previous one.
            #expect(accounts[4].version.hlc > accounts[0].version.hlc)
            #expect(changes.last?.tier == "content")
            #expect(changes.last?.primaryKey == "{\"id\": 10}")
            // Nothing is returned twice.
            #expect(try await seoul.drain(for: "tokyo", tiers: ["critical", "content", "logs"]).isEmpty)
        }
    }

    /// Trap (a): a transaction that got a lower sequence number but commits after later
    /// ones were read must still be read.
    @Test func longTransactionCommittingLateIsNotSkipped() async throws {
        try await LocalPostgresCluster.with(logger: Fixtures.logger) { cluster in
            let seoul = try await RegionDatabase.make("seoul", in: cluster, config: config)
            let slow = try await PostgresConnection.connect(to: cluster.connectionString(database: "region_seoul"), logger: Fixtures.logger)
            try await slow.execute("BEGIN")
            try await slow.execute("INSERT INTO accounts (id, country, name) VALUES (100, 'JP', 'slow')")
            try await seoul.connection.execute("INSERT INTO accounts (id, country, name) VALUES (101, 'JP', 'fast')")
            let whileOpen = try await seoul.drain(for: "tokyo", tiers: ["critical"])
            #expect(whileOpen.isEmpty, "changes above the horizon of the open transaction wait for it")
            try await slow.execute("COMMIT")
            let afterCommit = try await seoul.drain(for: "tokyo", tiers: ["critical"])
            #expect(Set(afterCommit.map(\.primaryKey)) == ["{\"id\": 100}", "{\"id\": 101}"])
            let seqs = try await seoul.connection.query("SELECT seq FROM regiond.changelog ORDER BY seq")
            #expect(seqs.count == 2)
        }
    }

    /// Trap (b): when the filter drops every change, the cursor still advances and
    /// acknowledged rows are pruned.
    @Test func fullyFilteredStreamStillAdvancesAndPrunes() async throws {
        try await LocalPostgresCluster.with(logger: Fixtures.logger) { cluster in
            let seoul = try await RegionDatabase.make("seoul", in: cluster, config: config)
            try await seoul.connection.execute("INSERT INTO accounts (id, country, name) SELECT g, 'KR', 'k' || g FROM generate_series(1, 50) g")
            let batch = try await seoul.reader.read(tier: "critical", after: .start, limit: 1000) { $0.classAfter != "kr-personal" }
            #expect(batch.changes.isEmpty)
            #expect(batch.scanned == 50)
            #expect(batch.end > .start)
            try await seoul.reader.acknowledge(peer: "tokyo", tier: "critical", through: batch.end)
            #expect(try await seoul.reader.cursor(peer: "tokyo", tier: "critical") == batch.end)
            #expect(try await seoul.reader.prune() == 50)
            let next = try await seoul.reader.read(tier: "critical", after: batch.end)
            #expect(next.scanned == 0)
            #expect(next.end == batch.end)
            // A cursor never moves back.
            try await seoul.reader.acknowledge(peer: "tokyo", tier: "critical", through: .start)
            #expect(try await seoul.reader.cursor(peer: "tokyo", tier: "critical") == batch.end)
        }
    }

    @Test func pruningWaitsForTheSlowestPeer() async throws {
        let three = Fixtures.config(regions: ["seoul", "singapore", "tokyo"])
        try await LocalPostgresCluster.with(logger: Fixtures.logger) { cluster in
            let seoul = try await RegionDatabase.make("seoul", in: cluster, config: three)
            try await seoul.connection.execute("INSERT INTO posts (id, body) SELECT g, 'p' FROM generate_series(1, 10) g")
            _ = try await seoul.drain(for: "tokyo", tiers: ["content"])
            #expect(try await seoul.reader.prune() == 0)
            _ = try await seoul.drain(for: "singapore", tiers: ["content"])
            #expect(try await seoul.reader.prune() == 10)
        }
    }

    /// Trap (c): what the applier writes is not captured again.
    @Test func appliedChangesAreNotCapturedAgain() async throws {
        try await LocalPostgresCluster.with(logger: Fixtures.logger) { cluster in
            let seoul = try await RegionDatabase.make("seoul", in: cluster, config: config)
            let tokyo = try await RegionDatabase.make("tokyo", in: cluster, config: config)
            try await seoul.connection.execute("""
                INSERT INTO accounts (id, country, name) VALUES (1, 'JP', 'a'), (2, 'JP', 'b');
                DELETE FROM accounts WHERE id = 2;
                """)
            let changes = try await seoul.drain(for: "tokyo", tiers: ["critical"])
            let outcome = try await tokyo.applier.apply(changes.map(\.remote))
            #expect(outcome.applied == 2)
            #expect(try await tokyo.connection.query("SELECT count(*) AS n FROM regiond.changelog").first?["n"] == "0")
            #expect(try await tokyo.drain(for: "seoul", tiers: ["critical"]).isEmpty)
            // A local write after the remote one is captured, with a version above it.
            try await tokyo.connection.execute("UPDATE accounts SET name = 'a2' WHERE id = 1")
            let local = try await tokyo.drain(for: "seoul", tiers: ["critical"])
            #expect(local.count == 1)
            #expect(try #require(local.first).version > changes[0].version)
        }
    }

    /// The clock is read once per statement as max(wall clock, sequence); applying a peer's
    /// version moves the sequence past it, so even a new row written afterwards (no version
    /// of its own to climb above) is versioned above what this region has seen.
    @Test func localWritesAfterSeeingAFastPeerClockAreVersionedAboveIt() async throws {
        try await LocalPostgresCluster.with(logger: Fixtures.logger) { cluster in
            let tokyo = try await RegionDatabase.make("tokyo", in: cluster, config: config)
            let hourAhead = HLC(rawValue: UInt64(Date().timeIntervalSince1970 * 1000 + 3_600_000) << 16)
            let remote = RemoteChange(
                table: "accounts", primaryKey: "{\"id\": 1}", version: Version(hlc: hourAhead, origin: "seoul"),
                row: "{\"id\": 1, \"country\": \"JP\", \"name\": \"from the future\", \"balance\": 1.00}")
            #expect(try await tokyo.applier.apply([remote]).applied == 1)
            try await tokyo.connection.execute("INSERT INTO accounts (id, country, name) VALUES (2, 'JP', 'new'), (3, 'JP', 'new')")
            try await tokyo.connection.execute("UPDATE accounts SET name = 'local' WHERE id = 1")
            let local = try await tokyo.drain(for: "seoul", tiers: ["critical"])
            #expect(local.count == 3)
            #expect(local.allSatisfy { $0.version.hlc > hourAhead })
            #expect(try #require(local.last).version.hlc > local[0].version.hlc, "a later statement reads a later clock")
        }
    }
}
