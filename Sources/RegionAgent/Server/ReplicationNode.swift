import Logging
import Metrics
import RegionAudit
import RegionCore
import RegionNet
import RegionPostgres
import RegionReplication

/// One region's replication served by its own `PeerServer`: the slice of the agent that
/// end-to-end tests and the replication benchmark run in-process, several regions to a
/// machine, each against its own PostgreSQL.
public struct ReplicationNode: Sendable {
    public let region: RegionName
    public let service: ReplicationService
    public let server: PeerServer
    private let http: HTTPClient

    /// - Parameters:
    ///   - keys: the cluster keys; the node signs with `keys.current` and accepts both.
    ///   - port: where the node's server listens on `host`; the other regions reach it at
    ///     its `agent_url` in `config`, so the two must agree.
    ///   - auditDirectory: the region's residency log.
    public static func make(
        config: RegionsConfig, region: RegionName, keys: ClusterKeyring, database: ConnectionString,
        auditDirectory: String, host: String = "127.0.0.1", port: Int, metrics: any MetricsFactory = MetricsSystem.factory,
        logger: Logger
    ) async throws -> ReplicationNode {
        let http = try HTTPClient(logger: logger)
        let client = PeerClient(config: config, signer: RequestSigner(key: keys.current, sender: region), http: http, logger: logger)
        let log = try ResidencyLog(directory: auditDirectory, logger: logger)
        let service = try await ReplicationService.make(
            config: config, region: region, connect: { try await PostgresConnection.connect(to: database, logger: logger) },
            client: client, residencyLog: log, metrics: ReplicationMetrics(factory: metrics), logger: logger)
        let server = PeerServer(
            configuration: PeerServerConfiguration(
                host: host, port: port, verifier: RequestVerifier(keys: keys, config: config, local: region), metrics: metrics),
            routes: service.routes, logger: logger)
        return ReplicationNode(region: region, service: service, server: server, http: http)
    }

    /// Serves and replicates until cancelled.
    public func run() async throws {
        try await withThrowingDiscardingTaskGroup { group in
            group.addTask { try await server.run() }
            group.addTask { try await service.run() }
        }
    }

    /// Stops the node's HTTP client; call once `run` has returned.
    public func shutdown() async {
        await http.shutdown()
    }
}
