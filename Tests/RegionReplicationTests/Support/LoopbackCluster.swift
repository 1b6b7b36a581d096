import Foundation
import Logging
import RegionAgent
import RegionAudit
import RegionCore
import RegionPostgres
import RegionTestSupport

/// Three regions on this machine: a real PostgreSQL each, and a `ReplicationNode` each
/// (peer server + replicator + receiver) on a free loopback port. Servers run in their own
/// tasks so a test can take one region's agent down and bring it back.
actor LoopbackCluster {
    let config: RegionsConfig
    let directory: URL
    private let logger: Logger
    private var postgres: [RegionName: LocalPostgresCluster] = [:]
    private var sessions: [RegionName: PostgresConnection] = [:]
    private(set) var nodes: [RegionName: ReplicationNode] = [:]
    private var serverTasks: [RegionName: Task<Void, any Error>] = [:]
    private var serviceTasks: [RegionName: Task<Void, any Error>] = [:]

    private init(config: RegionsConfig, directory: URL, logger: Logger) {
        self.config = config
        self.directory = directory
        self.logger = logger
    }

    static func start(logsWindow: Duration = .seconds(2)) async throws -> LoopbackCluster {
        var logger = Logger(label: "test.replication")
        logger.logLevel = .notice
        let ports = ThreeRegionConfig.regions.map { _ in FreePort.allocate() }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("regiond-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let cluster = LoopbackCluster(config: ThreeRegionConfig.make(ports: ports, logsWindow: logsWindow), directory: directory, logger: logger)
        do {
            try await cluster.prepare(ports: ports)
        } catch {
            await cluster.shutdown()
            throw error
        }
        return cluster
    }

    /// The cluster key every node signs with; tests sign forged requests with it too.
    static func clusterKey() throws -> ClusterKey {
        try ClusterKey(bytes: Array("loopback-cluster-key-for-e2e-tests-only".utf8))
    }

    private func prepare(ports: [Int]) async throws {
        let keys = ClusterKeyring(current: try Self.clusterKey())
        for (region, port) in zip(ThreeRegionConfig.regions, ports) {
            let database = try await LocalPostgresCluster.start(logger: logger)
            postgres[region] = database
            try await database.createDatabase("regiond", logger: logger)
            let session = try await PostgresConnection.connect(to: database.connectionString(database: "regiond"), logger: logger)
            sessions[region] = session
            try await session.execute(ThreeRegionConfig.ddl)
            try await SchemaInstaller(config: config, region: region, logger: logger).install(using: session)
            nodes[region] = try await ReplicationNode.make(
                config: config, region: region, keys: keys, database: database.connectionString(database: "regiond"),
                auditDirectory: auditDirectory(region), port: port, logger: logger)
        }
    }

    func auditDirectory(_ region: RegionName) -> String {
        directory.appendingPathComponent("audit-\(region)").path
    }

    // MARK: Running

    func startAll() async {
        for region in ThreeRegionConfig.regions {
            await startServer(region)
            guard let node = nodes[region] else { continue }
            serviceTasks[region] = Task { try await node.service.run() }
        }
    }

    /// Starts the region's server and returns once it has listened (the first time).
    func startServer(_ region: RegionName) async {
        guard let node = nodes[region] else { return }
        serverTasks[region] = Task { try await node.server.run() }
        _ = await node.server.listeningPort()
    }

    func stopServer(_ region: RegionName) async {
        guard let task = serverTasks.removeValue(forKey: region) else { return }
        task.cancel()
        _ = await task.result
    }

    func stopAll() async {
        for region in ThreeRegionConfig.regions {
            await stopServer(region)
            if let task = serviceTasks.removeValue(forKey: region) {
                task.cancel()
                _ = await task.result
            }
        }
    }

    func shutdown() async {
        await stopAll()
        for node in nodes.values { await node.shutdown() }
        for session in sessions.values { await session.close() }
        for database in postgres.values { await database.shutdown() }
        nodes.removeAll()
        sessions.removeAll()
        postgres.removeAll()
        try? FileManager.default.removeItem(at: directory)
    }

    // MARK: SQL

    func execute(_ sql: String, in region: RegionName) async throws {
        guard let session = sessions[region] else { throw LoopbackClusterError.unknownRegion(region) }
        try await session.execute(sql)
    }

    /// The first column of every row.
    func column(_ sql: String, in region: RegionName) async throws -> [String?] {
        guard let session = sessions[region] else { throw LoopbackClusterError.unknownRegion(region) }
        return try await session.query(sql).rows.map { $0[0] }
    }

    func scalar(_ sql: String, in region: RegionName) async throws -> String? {
        try await column(sql, in: region).first ?? nil
    }
}

enum LoopbackClusterError: Error, CustomStringConvertible {
    case unknownRegion(RegionName)
    case timedOut(String)

    var description: String {
        switch self {
        case .unknownRegion(let region): "no region \(region) in the loopback cluster"
        case .timedOut(let what): "timed out waiting until \(what)"
        }
    }
}

/// Polls `condition` every 100 ms until it holds or `timeout` passes.
func waitUntil(_ what: String, timeout: Duration = .seconds(60), _ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(100))
    }
    throw LoopbackClusterError.timedOut(what)
}
