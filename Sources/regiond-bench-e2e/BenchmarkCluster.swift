import Foundation
import Logging
import RegionAgent
import RegionCore
import RegionPostgres

/// The three regions: a PostgreSQL cluster, a session for the load, and a replication node each.
struct BenchmarkCluster {
    struct Region {
        var name: RegionName
        var database: LocalPostgresCluster
        var session: PostgresConnection
        var node: ReplicationNode
    }

    let config: RegionsConfig
    let regions: [Region]
    let directory: URL

    static func start(settings: BenchmarkSettings, logger: Logger) async throws -> BenchmarkCluster {
        let config = BenchmarkTopology.config(basePort: settings.basePort, logsWindow: settings.logsWindow)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("regiond-bench-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let keys = ClusterKeyring(current: try ClusterKey(bytes: Array("regiond-bench-e2e-cluster-key-not-a-secret".utf8)))
        var regions: [Region] = []
        for (index, name) in BenchmarkTopology.regions.enumerated() {
            let database = try await LocalPostgresCluster.start(logger: logger)
            try await database.createDatabase("regiond", logger: logger)
            let connectionString = database.connectionString(database: "regiond")
            let session = try await PostgresConnection.connect(to: connectionString, logger: logger)
            try await session.execute(BenchmarkTopology.ddl)
            try await SchemaInstaller(config: config, region: name, logger: logger).install(using: session)
            let node = try await ReplicationNode.make(
                config: config, region: name, keys: keys, database: connectionString,
                auditDirectory: directory.appendingPathComponent("audit-\(name)").path, port: settings.basePort + index,
                logger: logger)
            regions.append(Region(name: name, database: database, session: session, node: node))
        }
        return BenchmarkCluster(config: config, regions: regions, directory: directory)
    }

    func shutdown() async {
        for region in regions {
            await region.node.shutdown()
            await region.session.close()
            await region.database.shutdown()
        }
        try? FileManager.default.removeItem(at: directory)
    }
}
