import Foundation
import Logging
import Prometheus
import RegionAgent
import RegionCore
import RegionPostgres
import RegionTestSupport
import Testing

/// `regiond agent` refuses to start, with a message saying what to do, rather than run
/// against the wrong database: one regiond never installed, one installed for another
/// region, one installed by a newer regiond, and an older schema `regiond install` upgrades.
@Suite("regiond agent startup refusals", .serialized)
struct AgentStartupRefusalTests {
    static let logger = Logger(label: "test.startup")

    @Test func unknownRegionIsRefusedNamingTheKnownOnes() async throws {
        try await withDeployment { deployment, _ in
            let error = try await #require(throws: AgentStartupError.self) { try await prepare(deployment, as: "mars") }
            guard case .unknownRegion = error else { Issue.record("unexpected: \(error)"); return }
            #expect(error.description.contains("seoul"))
        }
    }

    @Test func aDatabaseWithoutTheSchemaIsRefusedWithTheInstallCommand() async throws {
        try await withDeployment { deployment, _ in
            let error = try await #require(throws: AgentStartupError.self) { try await prepare(deployment, as: "seoul") }
            guard case .notInstalled = error else { Issue.record("unexpected: \(error)"); return }
            #expect(error.description.contains("regiond install"))
        }
    }

    @Test func aDatabaseInstalledForAnotherRegionIsRefused() async throws {
        try await withDeployment { deployment, connection in
            try await install(deployment, region: "seoul", using: connection)
            let error = try await #require(throws: AgentStartupError.self) { try await prepare(deployment, as: "tokyo") }
            guard case .installedForAnotherRegion(_, let installedFor) = error else { Issue.record("unexpected: \(error)"); return }
            #expect(installedFor == "seoul")
        }
    }

    @Test func aSchemaFromANewerRegiondIsRefusedAndAnOlderOneNeedsInstall() async throws {
        try await withDeployment { deployment, connection in
            try await install(deployment, region: "seoul", using: connection)
            let supported = InstallScript.schemaVersion

            try await connection.execute("UPDATE regiond.settings SET schema_version = \(supported + 1)")
            let newer = try await #require(throws: AgentStartupError.self) { try await prepare(deployment, as: "seoul") }
            guard case .schemaUnusable(_, .newerThanSupported(supported + 1, supported)) = newer else {
                Issue.record("unexpected: \(newer)")
                return
            }
            #expect(newer.description.contains("upgrade regiond"))

            try await connection.execute("UPDATE regiond.settings SET schema_version = \(supported - 1)")
            let older = try await #require(throws: AgentStartupError.self) { try await prepare(deployment, as: "seoul") }
            guard case .schemaOutdated = older else { Issue.record("unexpected: \(older)"); return }
            #expect(older.description.contains("regiond install --config \(deployment.configPath) --region seoul"))
        }
    }

    /// One cluster serves as every region's database, so a region can find another's install.
    private func withDeployment(_ body: (TestDeployment, PostgresConnection) async throws -> Void) async throws {
        let database = try await LocalPostgresCluster.start(logger: Self.logger)
        defer { database.stop() }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("regiond-startup-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let deployment = TestDeployment(
            directory: directory,
            agentPorts: Dictionary(uniqueKeysWithValues: TestDeployment.regions.map { ($0, FreePort.allocate()) }),
            databasePorts: Dictionary(uniqueKeysWithValues: TestDeployment.regions.map { ($0, database.port) }))
        try deployment.write()
        let connection = try await PostgresConnection.connect(to: database.connectionString(), logger: Self.logger)
        do {
            try await body(deployment, connection)
        } catch {
            await connection.close()
            throw error
        }
        await connection.close()
    }

    private func install(_ deployment: TestDeployment, region: RegionName, using connection: PostgresConnection) async throws {
        try await connection.execute("CREATE TABLE IF NOT EXISTS users (id bigint PRIMARY KEY, country text, name text)")
        try await SchemaInstaller(config: try deployment.load(), region: region, logger: Self.logger).install(using: connection)
    }

    private func prepare(_ deployment: TestDeployment, as region: RegionName) async throws(AgentStartupError) {
        let config: RegionsConfig
        do { config = try deployment.load() } catch { Issue.record("config: \(error)"); return }
        let daemon = try await AgentDaemon.prepare(
            config: config,
            settings: AgentSettings(
                configPath: deployment.configPath, region: region, auditDirectory: deployment.auditDirectory(region),
                handlesSignals: false),
            registry: PrometheusCollectorRegistry(), logger: Self.logger)
        Issue.record("the agent of \(region) started although it should have been refused")
        _ = daemon
    }
}
