import Foundation
import Logging
import RegionConfigIO
import RegionCore
import RegionNet
import RegionPostgres
import Testing

/// Regression for the resurrected deletes the crash and DNS suites found: after an outage a
/// peer resends several batches at once and the receiver applies them in parallel, so an
/// insert of a key new to the region and that key's newer tombstone can be applied by two
/// transactions at the same time. The tombstone must win: the row must not stay visible.
@Suite struct ConcurrentApplyRegressionTests {
    @Test func tombstoneAppliedAlongsideAnOlderInsertLeavesNoRow() async throws {
        var logger = Logger(label: "test.concurrent-apply")
        logger.logLevel = .warning
        let database = try await RegionDatabase.start(logger: logger)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("regiond-apply-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        do {
            let deployment = ChaosDeployment(
                directory: directory, agentPorts: ["seoul": 1, "singapore": 2, "tokyo": 3],
                databasePorts: ["seoul": database.port, "singapore": database.port, "tokyo": database.port],
                dns: .file, routes: [:], secrets: ChaosSecrets())
            try deployment.write()
            let config = try RegionsConfigLoader.load(path: deployment.operatorConfigPath).config
            try await database.execute(ChaosDeployment.applicationSchema)
            let installer = try await database.connect()
            try await SchemaInstaller(config: config, region: "seoul", logger: logger).install(using: installer)
            await installer.close()

            let first = try await database.connect(), second = try await database.connect()
            let inserting = try await ChangeApplier.load(tableNames: ["accounts"], connection: first, logger: logger)
            let deleting = try await ChangeApplier.load(tableNames: ["accounts"], connection: second, logger: logger)
            let base = WallClock.now().milliseconds
            for id in 0..<150 {
                let key = "{\"id\": \(id)}"
                let insert = RemoteChange(
                    table: "accounts", primaryKey: key, version: Version(hlc: HLC(physicalMilliseconds: base + Int64(id)), origin: "tokyo"),
                    row: "{\"id\": \(id), \"country\": \"JP\", \"origin\": \"tokyo\", \"note\": \"v1\"}")
                let tombstone = RemoteChange(
                    table: "accounts", primaryKey: key, version: Version(hlc: HLC(physicalMilliseconds: base + Int64(id) + 1), origin: "tokyo"),
                    row: nil)
                async let inserted = inserting.apply([insert])
                async let deleted = deleting.apply([tombstone])
                _ = try await (inserted, deleted)
            }
            let rows = try await first.query("SELECT count(*) AS n FROM accounts")
            #expect(rows.first?["n"] == "0", "deleted rows stayed visible")
            await first.close()
            await second.close()
        } catch {
            await database.stop()
            throw error
        }
        await database.stop()
    }
}
