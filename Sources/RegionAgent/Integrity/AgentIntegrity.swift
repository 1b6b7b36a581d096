import Foundation
import Logging
import Metrics
import RegionAudit
import RegionCore
import RegionIntegrity
import RegionNet
import RegionPostgres
import ServiceLifecycle

/// The agent's share of issue 8: serves the integrity and erasure endpoints to peers and
/// operators, and schedules the integrity check every `integrity.interval` and retention and
/// tombstone purges every `integrity.retention_interval` (both first soon after start).
///
/// It holds its own database connections (reads, repairs, erasures, maintenance) so that a
/// long integrity scan never delays replication's.
public struct AgentIntegrity: Sendable {
    public let routes: [PeerRoute]
    public let services: [any Service]
    public let ledger: IntegrityLedger
    private let connections: [PostgresConnection]

    /// Integrity exchanges scan whole tables on the peer; allow them far longer than gossip.
    public static let peerTimeout: Duration = .seconds(600)

    /// - Parameters:
    ///   - view: the agreed quorum view, or nil while this agent is on the minority side.
    ///   - jitterSeed: seeds the schedules' jitter (up to a tenth of the interval, and the first
    ///     run's delay).
    public static func make(
        config: RegionsConfig, region: RegionName, connect: @Sendable () async throws -> PostgresConnection,
        signer: RequestSigner, http: HTTPClient, log: ResidencyLog?, metrics: any MetricsFactory, clock: any AgentClock,
        view: @escaping @Sendable () async -> [RegionName]?, jitterSeed: UInt64, logger: Logger
    ) async throws -> AgentIntegrity {
        var opened: [PostgresConnection] = []
        do {
            func open() async throws -> PostgresConnection {
                let connection = try await connect()
                opened.append(connection)
                return connection
            }
            let store = try await PostgresIntegrityStore.open(
                config: config, region: region, reader: try await open(), writer: try await open(), logger: logger)
            let eraser = Eraser(config: config, region: region, connection: try await open(), log: log, logger: logger)
            let maintenanceConnection = try await open()
            var tables: [TableSchema] = []
            for name in config.replicatedTables { tables.append(try await TableSchema.load(name, from: maintenanceConnection)) }

            let ledger = IntegrityLedger()
            let reporter = IntegrityReporter(log: log, metrics: metrics, logger: logger)
            let client = PeerClient(config: config, signer: signer, http: http, timeout: peerTimeout, clock: { clock.now() }, logger: logger)
            let roundJob = IntegrityRoundJob(
                round: IntegrityRound(config: config, local: store, reporter: reporter, logger: logger),
                client: client, ledger: ledger, view: view, clock: clock, logger: logger)
            let maintenanceJob = MaintenanceJob(
                retention: RetentionPurger(config: config, region: region, connection: maintenanceConnection, tables: tables, log: log, logger: logger),
                tombstones: TombstonePurger(connection: maintenanceConnection, policy: TombstonePurgePolicy(replication: config.replication), logger: logger),
                region: region, log: log, metrics: metrics, clock: clock, logger: logger)
            let services: [any Service] = [
                PeriodicService(name: "integrity", schedule: schedule(every: config.integrity.interval, seed: jitterSeed), clock: clock, logger: logger) {
                    await roundJob.run()
                },
                PeriodicService(
                    name: "retention", schedule: schedule(every: config.integrity.retentionPeriod, seed: jitterSeed &+ 1), clock: clock, logger: logger
                ) {
                    await maintenanceJob.run()
                },
            ]
            let routes = IntegrityRoutes.routes(store: store, logger: logger)
                + [
                    ErasureRoute.make(eraser: eraser, region: region, clock: { clock.now() }, logger: logger),
                    PeerRoute(method: "GET", path: IntegrityStatus.path, access: .open) { _ in
                        .json(IntegrityStatus(region: region, rounds: await ledger.rounds, latest: await ledger.records))
                    },
                ]
            return AgentIntegrity(routes: routes, services: services, ledger: ledger, connections: opened)
        } catch {
            for connection in opened { await connection.close() }
            throw error
        }
    }

    /// Jittered by up to a tenth of the interval; the first run within a minute of start.
    static func schedule(every interval: Duration, seed: UInt64) -> PeriodicSchedule {
        PeriodicSchedule(interval: interval, jitter: .milliseconds(interval.milliseconds / 10), seed: seed)
    }

    /// Closes the database connections; call once the services have stopped.
    public func close() async {
        for connection in connections { await connection.close() }
    }
}
