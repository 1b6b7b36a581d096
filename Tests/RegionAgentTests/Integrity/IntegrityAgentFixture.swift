import Foundation
import Logging
import MetricsTestKit
import RegionAgent
import RegionAudit
import RegionCore
import RegionIntegrity
import RegionNet
import RegionPostgres
import RegionTestSupport

/// Seoul and tokyo, each with its own database (one throwaway PostgreSQL cluster), residency
/// log and `AgentIntegrity` served by a real `PeerServer` on a loopback port; singapore is
/// configured but down (outside the agreed view). Korean accounts may live only in seoul.
///
/// Both databases hold the same settled rows: accounts 1...40 (every fifth Korean, so held
/// in seoul only) and posts 1...30.
struct IntegrityAgentFixture {
    static let logger = Logger(label: "regiond.tests.agent-integrity")
    static let seoul: RegionName = "seoul"
    static let tokyo: RegionName = "tokyo"
    static let singapore: RegionName = "singapore"
    static let keys = ClusterKeyring(current: try! ClusterKey(bytes: Array(repeating: 0x5A, count: 32)))

    let config: RegionsConfig
    let directory: URL
    let regions: [RegionName: Region]
    let http: HTTPClient

    /// One running region: its database, integrity component, server and a recorder of
    /// every body its integrity endpoints received and answered.
    struct Region: InspectableRegionDatabase {
        let name: RegionName
        let connection: PostgresConnection
        let applier: ChangeApplier
        let integrity: AgentIntegrity
        let server: PeerServer
        let traffic: TrafficRecorder
        let auditDirectory: String

        func auditRecords() throws -> [AuditRecord] {
            try ResidencyLogReader(directory: auditDirectory).records()
        }
    }

    subscript(_ name: RegionName) -> Region { regions[name]! }

    static func config(ports: [RegionName: Int], interval: Duration, maxBodyBytes: Int = SecuritySettings().maxBodyBytes) -> RegionsConfig {
        IntegrityTestDeployment.config(
            agentURL: { "http://127.0.0.1:\(ports[$0] ?? 1)" }, database: { _ in .environment("REGIOND_UNUSED_DSN") },
            integrity: IntegritySettings(interval: interval), security: SecuritySettings(maxBodyBytes: maxBodyBytes))
    }

    static var wallClock: Timestamp { SystemAgentClock().now() }

    static func settledVersion(origin: RegionName = seoul, offset: UInt16 = 0) -> Version {
        IntegrityTestDeployment.settledVersion(origin: origin, offset: offset)
    }

    /// Runs `body` while both regions serve; `interval` is the integrity schedule (the
    /// scheduled services run only if the test starts them); `maxBodyBytes` the body limit
    /// of both servers.
    static func with<T: Sendable>(
        interval: Duration = .seconds(3600), maxBodyBytes: Int = SecuritySettings().maxBodyBytes,
        _ body: (IntegrityAgentFixture) async throws -> T
    ) async throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("regiond-integrity-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let ports = [seoul: FreePort.allocate(), tokyo: FreePort.allocate()]
        let config = Self.config(ports: ports, interval: interval, maxBodyBytes: maxBodyBytes)
        let http = try HTTPClient(logger: logger)
        defer { Task { await http.shutdown() } }
        return try await LocalPostgresCluster.with(logger: logger) { cluster in
            var regions: [RegionName: Region] = [:]
            for name in [seoul, tokyo] {
                regions[name] = try await makeRegion(name, port: ports[name]!, config: config, cluster: cluster, directory: directory, http: http)
            }
            let fixture = IntegrityAgentFixture(config: config, directory: directory, regions: regions, http: http)
            try await fixture.seed()
            let servers = regions.values.map(\.server)
            let result = try await withThrowingTaskGroup(of: Void.self) { group in
                for server in servers { group.addTask { try await server.run() } }
                for server in servers { _ = await server.listeningPort() }
                defer { group.cancelAll() }
                return try await body(fixture)
            }
            for region in regions.values { await region.integrity.close() }
            return result
        }
    }

    private static func makeRegion(
        _ name: RegionName, port: Int, config: RegionsConfig, cluster: LocalPostgresCluster, directory: URL, http: HTTPClient
    ) async throws -> Region {
        let database = "region_\(name.rawValue)"
        try await cluster.createDatabase(database, logger: logger)
        let connectionString = cluster.connectionString(database: database)
        let connection = try await PostgresConnection.connect(to: connectionString, logger: logger)
        try await connection.execute(IntegrityTestDeployment.applicationSchema)
        try await SchemaInstaller(config: config, region: name, logger: logger).install(using: connection)
        let auditDirectory = directory.appendingPathComponent("audit-\(name)").path
        try FileManager.default.createDirectory(atPath: auditDirectory, withIntermediateDirectories: true)
        let log = try ResidencyLog(directory: auditDirectory, logger: logger)
        let integrity = try await AgentIntegrity.make(
            config: config, region: name, connect: { try await PostgresConnection.connect(to: connectionString, logger: logger) },
            signer: RequestSigner(key: keys.current, sender: name), http: http, log: log, metrics: TestMetrics(),
            clock: SystemAgentClock(), view: { [seoul, tokyo] }, jitterSeed: 7, logger: logger)
        let traffic = TrafficRecorder()
        let server = PeerServer(
            configuration: PeerServerConfiguration(
                host: "127.0.0.1", port: port, verifier: RequestVerifier(keys: keys, config: config, local: name)),
            routes: integrity.routes.map(traffic.recording), logger: logger)
        let applier = try await ChangeApplier.load(
            tableNames: config.replicatedTables, connection: try await PostgresConnection.connect(to: connectionString, logger: logger), logger: logger)
        return Region(
            name: name, connection: connection, applier: applier, integrity: integrity, server: server, traffic: traffic,
            auditDirectory: auditDirectory)
    }

    private func seed() async throws {
        let (accounts, posts) = IntegrityTestDeployment.settledRows(version: Self.settledVersion())
        try await self[Self.seoul].applier.apply(accounts + posts)
        try await self[Self.tokyo].applier.apply(accounts.filter { !IntegrityTestDeployment.isKorean($0) } + posts)
    }

    /// A client signing as `region`, reaching the others at their agent_url.
    func client(signingAs region: RegionName) -> PeerClient {
        PeerClient(config: config, signer: RequestSigner(key: Self.keys.current, sender: region), http: http, logger: Self.logger)
    }

    /// `region`'s integrity endpoints as seen by `requester`.
    /// - Parameter maxBodyBytes: the body limit the requester believes the peer has.
    func peer(
        _ region: RegionName, askedBy requester: RegionName, meter: ExchangeMeter = ExchangeMeter(),
        maxBodyBytes: Int = SecuritySettings().maxBodyBytes
    ) -> HTTPIntegrityPeer {
        HTTPIntegrityPeer(region: region, client: client(signingAs: requester), meter: meter, maxBodyBytes: maxBodyBytes)
    }
}

/// Every request and answer body an integrity server handled, as they travelled.
final class TrafficRecorder: Sendable {
    private let bodies = BodyStore()

    func recording(_ route: PeerRoute) -> PeerRoute {
        let handler = route.handler
        let bodies = bodies
        return PeerRoute(method: route.method, path: route.path, access: route.access) { request in
            let reply = await handler(request)
            await bodies.append(request: request.body, reply: reply.body)
            return reply
        }
    }

    /// Request and answer bodies as text, in arrival order.
    var texts: [String] {
        get async { await bodies.all.map { String(decoding: $0, as: UTF8.self) } }
    }

    var byteCount: Int {
        get async { await bodies.all.reduce(0) { $0 + $1.count } }
    }

    /// Request bodies only, in arrival order.
    var requests: [[UInt8]] {
        get async { await bodies.requests }
    }

    /// Answer bodies as the server produced them (the client may have dropped some), in order.
    var replies: [[UInt8]] {
        get async { await bodies.replies }
    }

    private actor BodyStore {
        var all: [[UInt8]] = []
        var requests: [[UInt8]] = []
        var replies: [[UInt8]] = []

        func append(request: [UInt8], reply: [UInt8]) {
            all.append(request)
            all.append(reply)
            requests.append(request)
            replies.append(reply)
        }
    }
}
