import Logging
import RegionAudit
import RegionCore
import RegionNet
import RegionPostgres
import ServiceLifecycle

/// One region's replication, both halves, ready to run under a `ServiceGroup`: the
/// `Replicator` that ships local changes, and the `ReplicationReceiver` whose route the
/// agent's server serves.
///
/// Graceful shutdown stops reading new changes, lets batches in flight be answered (their
/// acknowledgements still advance the cursors), and returns; whatever was not acknowledged
/// stays in the changelog, behind the cursors, and is shipped after the restart.
public struct ReplicationService: Service {
    public let replicator: Replicator
    public let receiver: ReplicationReceiver
    private let listener: PostgresConnection?

    /// The routes to hand to the agent's `PeerServer`.
    public var routes: [PeerRoute] { [receiver.route] }

    public init(replicator: Replicator, receiver: ReplicationReceiver, listener: PostgresConnection?) {
        self.replicator = replicator
        self.receiver = receiver
        self.listener = listener
    }

    /// Builds the service for `region` with connections opened by `connect` (one to read
    /// the changelog, one to LISTEN, `applyConnections` to apply peers' batches).
    public static func make(
        config: RegionsConfig, region: RegionName, connect: @Sendable () async throws -> PostgresConnection,
        client: PeerClient, residencyLog: ResidencyLog, applyConnections: Int = 2,
        metrics: ReplicationMetrics = .init(), clock: @escaping @Sendable () -> Timestamp = WallClock.now, logger: Logger
    ) async throws -> ReplicationService {
        let readerConnection = try await connect()
        let structured = try await StructuredColumns.load(tables: config.replicatedTables, from: readerConnection)
        let codec = RowCodec(structured: structured)
        let audit = ResidencyAuditTrail(log: residencyLog, logger: logger)
        var appliers: [ChangeApplier] = []
        for _ in 0..<max(1, applyConnections) {
            appliers.append(try await ChangeApplier.load(tableNames: config.replicatedTables, connection: try await connect(), logger: logger))
        }
        let replicator = Replicator(
            configuration: ReplicatorConfiguration(config: config, region: region, clock: clock),
            reader: ChangeReader(connection: readerConnection, logger: logger), codec: codec, client: client, audit: audit,
            metrics: metrics, logger: logger)
        let receiver = ReplicationReceiver(
            config: config, region: region, appliers: ApplierPool(appliers), codec: codec, audit: audit, metrics: metrics,
            clock: clock, logger: logger)
        return ReplicationService(replicator: replicator, receiver: receiver, listener: try await connect())
    }

    public func run() async throws {
        try await withGracefulShutdownHandler {
            try await replicator.run(listener: listener)
        } onGracefulShutdown: {
            Task { await replicator.stop() }
        }
    }
}
