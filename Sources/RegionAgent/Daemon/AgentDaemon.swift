import Foundation
import Logging
import Metrics
import Prometheus
import RegionAudit
import RegionConfigIO
import RegionCore
import RegionDNS
import RegionNet
import RegionPostgres
import RegionReplication
import ServiceLifecycle

/// One region's agent, assembled: startup checks, the failover runtime, the HTTP server
/// with the peer and operations routes, and the services run under one `ServiceGroup`.
///
/// `regiond agent` builds one per process; tests build several in one process, each with
/// its own metrics registry and without signal handling.
public struct AgentDaemon: Sendable {
    public let runtime: AgentRuntime
    public let server: PeerServer
    public let region: RegionName
    private let services: [any Service]
    private let prober: RegionProber
    private let client: HTTPClient
    private let integrity: AgentIntegrity
    private let handlesSignals: Bool
    private let logger: Logger

    /// Checks that this agent can run (known region, installed database, keys present) and
    /// builds it. Nothing listens and nothing is probed until `run()`.
    ///
    /// - Parameter registry: where `/metrics` reads from; the daemon's own metrics are
    ///   recorded into it directly, other components through the global `MetricsSystem`.
    public static func prepare(
        config: RegionsConfig, settings: AgentSettings, registry: PrometheusCollectorRegistry,
        clock: any AgentClock = SystemAgentClock(), logger: Logger
    ) async throws(AgentStartupError) -> AgentDaemon {
        let region = settings.region
        guard let regionConfig = config.region(region) else { throw .unknownRegion(region, known: config.voterNames) }
        let keys = try ClusterKeyLoader.load(config.security)
        let connectionString: ConnectionString
        do {
            connectionString = try regionConfig.database.connectionString()
        } catch {
            throw .databaseSecret(region, error)
        }
        try await DatabaseInstallation.verify(
            region: region, connectionString: connectionString, configPath: settings.configPath, logger: logger)
        let log = try openResidencyLog(settings: settings, logger: logger)
        let client: HTTPClient
        do {
            client = try HTTPClient(logger: logger)
        } catch {
            throw .httpClient("\(error)")
        }
        let provider: any DNSProvider
        do {
            provider = try DNSProviderFactory.make(config: config, client: client, logger: logger)
        } catch {
            await client.shutdown()
            throw .dnsProvider("\(error)")
        }
        let prober: RegionProber
        do {
            prober = try RegionProber(
                config: config, client: client,
                databaseOf: { name in name == region ? connectionString : try? config.region(name)?.database.connectionString() },
                logger: logger)
        } catch {
            await client.shutdown()
            throw .healthCheck(error)
        }

        let metrics = PrometheusMetricsFactory(registry: registry)
        let wire = PeerWire(security: config.security)
        let peers = PeerClient(config: config, signer: RequestSigner(key: keys.current, sender: region), http: client, logger: logger)
        let core: AgentCore
        do {
            core = try AgentCore(config: config, region: region, now: clock.now(), jitterSeed: UInt64.random(in: .min ... .max))
        } catch {
            await client.shutdown()
            throw .unknownRegion(region, known: config.voterNames)
        }
        let replication: ReplicationService
        do {
            replication = try await ReplicationService.make(
                config: config, region: region,
                connect: { try await PostgresConnection.connect(to: connectionString, logger: logger) },
                client: peers, residencyLog: log, metrics: ReplicationMetrics(factory: metrics), clock: { clock.now() },
                logger: logger)
        } catch {
            await client.shutdown()
            throw .databaseUnreachable(region, reason: "replication could not open its connections: \(error)")
        }
        let agentMetrics = AgentMetrics(factory: metrics)
        agentMetrics.recordInitialState(of: core)
        let runtime = AgentRuntime(
            core: core, clock: clock,
            effects: AgentEffects(
                prober: prober, gossip: PeerGossipTransport(client: peers, wire: wire),
                dns: DNSProviderPublisher(provider: provider, log: log, clock: clock, logger: logger, metrics: metrics),
                lag: ReplicatorLagSource(
                    region: region, replicator: replication.replicator,
                    peers: config.servingRegions.map(\.name).filter { $0 != region }, tiers: config.tiers.map(\.name),
                    client: peers),
                observers: [agentMetrics, AgentEventLog(logger: logger)]),
            logger: logger)
        let integrity: AgentIntegrity
        do {
            integrity = try await AgentIntegrity.make(
                config: config, region: region, connect: { try await PostgresConnection.connect(to: connectionString, logger: logger) },
                signer: RequestSigner(key: keys.current, sender: region), http: client, log: log, metrics: metrics, clock: clock,
                view: { let core = await runtime.core; return core.isOnMajoritySide ? core.agreedView : nil },
                jitterSeed: UInt64.random(in: .min ... .max), logger: logger)
        } catch {
            await client.shutdown()
            throw .databaseUnreachable(region, reason: "integrity could not open its connections: \(error)")
        }

        let listen = settings.listenHost.map { ($0, settings.listenPort ?? 0) }
            ?? AgentSettings.listenAddress(ofAgentURL: regionConfig.agentURL) ?? ("127.0.0.1", 0)
        let localDatabase = PostgresHealthCheck(region: region, connectionString: connectionString, logger: logger)
        let routes = OperationsRoutes.make(runtime: runtime, database: localDatabase, registry: registry, clock: clock)
            + [ObservationsRoute.make(runtime: runtime, wire: wire), DrainRoute.make(runtime: runtime, config: config, log: log, clock: clock)]
            + replication.routes + integrity.routes
        let server = PeerServer(
            configuration: PeerServerConfiguration(
                host: listen.0, port: settings.listenPort ?? listen.1,
                verifier: RequestVerifier(keys: keys, config: config, local: region),
                clock: { clock.now() }, metrics: metrics),
            routes: routes, logger: logger)

        var services: [any Service] = [server, replication, AgentRuntimeService(runtime: runtime)] + integrity.services
        if settings.handlesSignals {
            services.append(ConfigReloadService(path: settings.configPath, runtime: runtime, log: log, clock: clock, logger: logger))
        }
        return AgentDaemon(
            runtime: runtime, server: server, region: region, services: services, prober: prober, client: client, integrity: integrity,
            handlesSignals: settings.handlesSignals, logger: logger)
    }

    /// Serves until SIGTERM/SIGINT (or until the calling task is cancelled), then stops the
    /// services in reverse order and releases connections.
    public func run() async throws {
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: services.map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) },
            gracefulShutdownSignals: handlesSignals ? [.sigterm, .sigint] : [],
            logger: logger))
        do {
            try await group.run()
        } catch {
            await release()
            throw error
        }
        await release()
    }

    private func release() async {
        await prober.close()
        await integrity.close()
        await client.shutdown()
    }

    private static func openResidencyLog(settings: AgentSettings, logger: Logger) throws(AgentStartupError) -> ResidencyLog {
        let directory = settings.auditDirectory ?? "regiond-audit/\(settings.region)"
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            var configuration = ResidencyLogConfiguration()
            if let records = settings.auditSegmentRecords { configuration.maxSegmentRecords = max(1, records) }
            return try ResidencyLog(directory: directory, configuration: configuration, logger: logger)
        } catch {
            throw .auditDirectory(path: directory, reason: "\(error)")
        }
    }
}
