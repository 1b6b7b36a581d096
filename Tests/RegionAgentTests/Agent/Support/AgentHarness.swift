import Foundation
import Logging
import Prometheus
@testable import RegionAgent
import RegionAudit
import RegionCore
import RegionDNS
import RegionNet
import RegionPostgres
import RegionTestSupport
import Testing

/// Starts and kills whole regions (agent and database) of a `TestDeployment` in this process.
final class AgentHarness: @unchecked Sendable {
    // @unchecked: mutated only by the test's own task, sequentially.
    private(set) var deployment: TestDeployment
    private var databases: [RegionName: LocalPostgresCluster] = [:]
    private var agents: [RegionName: (daemon: AgentDaemon, task: Task<Void, Error>)] = [:]
    private let logger: Logger

    private init(deployment: TestDeployment, logger: Logger) {
        self.deployment = deployment
        self.logger = logger
    }

    static func start() async throws -> AgentHarness {
        var logger = Logger(label: "test.agents")
        logger.logLevel = .warning
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("regiond-agents-\(UUID().uuidString)")
        var databases: [RegionName: LocalPostgresCluster] = [:]
        for region in TestDeployment.regions {
            databases[region] = try await LocalPostgresCluster.start(logger: logger)
        }
        let deployment = TestDeployment(
            directory: directory,
            agentPorts: Dictionary(uniqueKeysWithValues: TestDeployment.regions.map { ($0, FreePort.allocate()) }),
            databasePorts: databases.mapValues(\.port))
        try deployment.write()
        let harness = AgentHarness(deployment: deployment, logger: logger)
        harness.databases = databases
        for region in TestDeployment.regions {
            try await harness.install(region)
            try await harness.startAgent(region)
        }
        return harness
    }

    /// Stops the region's agent, then its database, as an outage would.
    func kill(_ region: RegionName) async {
        if let agent = agents.removeValue(forKey: region) {
            agent.task.cancel()
            _ = await agent.task.result
        }
        await databases.removeValue(forKey: region)?.shutdown()
    }

    /// A fresh database (empty, installed) and agent for `region`.
    func restart(_ region: RegionName) async throws {
        let database = try await LocalPostgresCluster.start(logger: logger)
        databases[region] = database
        var ports = deployment.databasePorts
        ports[region] = database.port
        deployment = TestDeployment(directory: deployment.directory, agentPorts: deployment.agentPorts, databasePorts: ports)
        try deployment.write()
        try await install(region)
        try await startAgent(region)
    }

    func stop() async {
        for region in TestDeployment.regions { await kill(region) }
        try? FileManager.default.removeItem(at: deployment.directory)
    }

    /// The region DNS answers for `geo` in the file the coordinator publishes to.
    func served(_ geo: String) -> String? {
        guard let config = try? deployment.load(),
              let document = try? FileDNSProvider(config: config, path: deployment.dnsPath).storedDocument()
        else { return nil }
        return document.geos.first { $0.name == geo }?.served
    }

    func status(of region: RegionName) async -> AgentStatus? {
        guard let runtime = agents[region]?.daemon.runtime else { return nil }
        return AgentStatus(core: await runtime.core, now: SystemAgentClock().now())
    }

    /// Polls `condition` every 100 ms for up to a minute.
    func waitUntil(_ what: String, _ condition: () async -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(150)
        while !(await condition()) {
            guard ContinuousClock.now < deadline else { throw WaitTimedOut(what: what) }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Sends a drain to every agent the way `regiond drain` does (signed, over HTTP).
    func broadcast(_ request: DrainRequest) async throws -> [DrainBroadcast.Delivery] {
        let config = try deployment.load()
        let client = try HTTPClient(logger: logger)
        let keys = try ClusterKeyLoader.load(config.security)
        let deliveries = await DrainBroadcast(config: config, keys: keys, client: client, logger: logger).send(request)
        await client.shutdown()
        return deliveries
    }

    /// The coordinator's residency log holds a verified `dns-change` record for each change.
    func expectDNSChangesAudited(by region: RegionName) throws {
        let records = try ResidencyLogReader(directory: deployment.auditDirectory(region)).records()
        #expect(records.contains { $0.event.kind == .dnsChange })
    }

    private func install(_ region: RegionName) async throws {
        let database = try #require(databases[region])
        let connection = try await PostgresConnection.connect(to: database.connectionString(), logger: logger)
        try await connection.execute("CREATE TABLE IF NOT EXISTS users (id bigint PRIMARY KEY, country text, name text)")
        try await SchemaInstaller(config: try deployment.load(), region: region, logger: logger).install(using: connection)
        await connection.close()
    }

    private func startAgent(_ region: RegionName) async throws {
        let daemon = try await AgentDaemon.prepare(
            config: try deployment.load(),
            settings: AgentSettings(
                configPath: deployment.configPath, region: region, auditDirectory: deployment.auditDirectory(region),
                handlesSignals: false),
            registry: PrometheusCollectorRegistry(), logger: logger)
        agents[region] = (daemon, Task { try await daemon.run() })
    }
}

struct WaitTimedOut: Error, CustomStringConvertible {
    var what: String
    var description: String { "gave up waiting: \(what)" }
}
