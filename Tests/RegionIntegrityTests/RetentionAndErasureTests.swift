import Foundation
import RegionAudit
import RegionCore
import RegionIntegrity
import RegionPostgres
import Testing

/// Retention purges, erasure requests and tombstone purges on real PostgreSQL, with the
/// residency log they write.
@Suite(.serialized)
struct RetentionAndErasureTests {
    func withLog<T>(_ body: (ResidencyLog, String) async throws -> T) async throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("regiond-integrity-log-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        return try await body(try ResidencyLog(directory: directory, logger: IntegrityFixture.logger), directory)
    }

    @Test func rowsPastRetentionArePurgedInBoundedBatchesAndLogged() async throws {
        let config = IntegrityFixture.config(retention: [RetentionRule(region: IntegrityFixture.tokyo, table: "posts", keep: .seconds(600))])
        try await TwoRegions.with(config: config) { regions in
            let fresh = Version(hlc: HLC(physicalMilliseconds: IntegrityFixture.wallClock.milliseconds), origin: IntegrityFixture.seoul)
            try await regions.tokyo.seed("posts", [(id: 5, json: "{\"id\": 5, \"body\": \"rewritten just now\"}", version: fresh)])
            try await withLog { log, directory in
                let tables = [try await TableSchema.load("posts", from: regions.tokyo.connection)]
                let purger = RetentionPurger(
                    config: config, region: IntegrityFixture.tokyo, connection: regions.tokyo.connection, tables: tables,
                    log: log, batchSize: 7, logger: IntegrityFixture.logger)
                let purges = try await purger.purge(now: IntegrityFixture.wallClock)

                #expect(purges.map(\.table) == ["posts"] && purges.map(\.className) == [nil])
                #expect(purges.map(\.rows) == [29] && purges.map(\.batches) == [5])
                #expect(try await regions.tokyo.dump("posts") == ["{\"id\": 5, \"body\": \"rewritten just now\"}"])
                #expect(try await regions.seoul.dump("posts").count == 30)
                #expect(try await regions.tokyo.connection.query("SELECT count(*) AS n FROM regiond.changelog").first?["n"] == "0")
                try await log.closeOpenSegment()
                let records = try ResidencyLogReader(directory: directory).records().filter { $0.event.kind == .retentionPurge }
                #expect(records.map(\.event.rows) == [7, 7, 7, 7, 1])
            }
            let check = try await regions.checker().check(table: "posts", now: IntegrityFixture.wallClock, repair: true)
            #expect(check.differing == 0)
        }
    }

    @Test func erasureDeletesThroughATombstoneWithoutPersonalDataAndIsRecorded() async throws {
        try await TwoRegions.with { regions in
            try await withLog { log, directory in
                let eraser = Eraser(
                    config: regions.config, region: IntegrityFixture.seoul, connection: regions.seoul.connection, log: log,
                    logger: IntegrityFixture.logger)
                let result = try await eraser.erase(table: "accounts", key: RowKey("4"), at: IntegrityFixture.wallClock)
                #expect(result.rows == 1 && result.className == "global")
                #expect(result.replicatedTo == [IntegrityFixture.tokyo, IntegrityFixture.singapore])

                let captured = try await regions.seoul.connection.query("SELECT op, pk::text AS pk, row FROM regiond.changelog WHERE tbl = 'accounts'")
                #expect(captured.count == 1)
                #expect(captured.first?["op"] == "D" && captured.first?["pk"] == "{\"id\": 4}" && captured.first?["row"] == nil)
                #expect(try await regions.seoul.versions("accounts").contains { $0.hasPrefix("{\"id\": 4}") && $0.hasSuffix("true") })

                try await log.closeOpenSegment()
                let erased = try ResidencyLogReader(directory: directory).records().filter { $0.event.kind == .erased }
                #expect(erased.count == 1 && erased.first?.event.rows == 1)
                #expect(erased.first?.event.keysDigest == .ofRowKeys([RowKey("4").canonical]))
            }
        }
    }

    @Test func erasureNamesTheKeyColumnsWhenTheKeyHasTheWrongShape() async throws {
        try await TwoRegions.with { regions in
            let eraser = Eraser(config: regions.config, region: IntegrityFixture.seoul, connection: regions.seoul.connection, log: nil, logger: IntegrityFixture.logger)
            await #expect(throws: ErasureError.keyShape(table: "accounts", expected: ["id"], given: 2)) {
                try await eraser.erase(table: "accounts", key: RowKey(["1", "2"]), at: IntegrityFixture.wallClock)
            }
        }
    }

    @Test func tombstonesArePurgedOnlyAfterEveryPeerAcknowledgedAndTheGracePassed() async throws {
        try await TwoRegions.with { regions in
            let eraser = Eraser(config: regions.config, region: IntegrityFixture.seoul, connection: regions.seoul.connection, log: nil, logger: IntegrityFixture.logger)
            _ = try await eraser.erase(table: "accounts", key: RowKey("8"), at: IntegrityFixture.wallClock)
            let purger = TombstonePurger(connection: regions.seoul.connection, policy: TombstonePurgePolicy(grace: .seconds(3600)), logger: IntegrityFixture.logger)
            func tombstones() async throws -> Int {
                try await regions.seoul.versions("accounts").filter { $0.hasSuffix("true") }.count
            }

            #expect(try await purger.purge(now: IntegrityFixture.wallClock + .seconds(7200)) == 0)
            let reader = ChangeReader(connection: regions.seoul.connection, logger: IntegrityFixture.logger)
            for peer in [IntegrityFixture.tokyo, IntegrityFixture.singapore] {
                let batch = try await reader.read(tier: "critical", after: try await reader.cursor(peer: peer, tier: "critical"), limit: 100)
                try await reader.acknowledge(peer: peer, tier: "critical", through: batch.end)
            }
            #expect(try await purger.purge(now: IntegrityFixture.wallClock) == 0)
            #expect(try await tombstones() == 1)
            #expect(try await purger.purge(now: IntegrityFixture.wallClock + .seconds(7200)) == 1)
            #expect(try await tombstones() == 0)
        }
    }
}
