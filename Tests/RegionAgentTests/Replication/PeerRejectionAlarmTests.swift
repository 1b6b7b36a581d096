import Foundation
import Logging
import MetricsTestKit
import RegionAgent
import RegionCore
import RegionNet
import RegionPostgres
import RegionReplication
import RegionTestSupport
import Synchronization
import Testing

/// A batch the peer refuses with a 4xx is resent unchanged forever, so its lane stops: the
/// sender must say so (`regiond_replication_batches_rejected_by_peer_total{reason}` and
/// `regiond_replication_lane_stalled`), and clear the stall once the lane moves again.
/// Seoul replicates for real from its own PostgreSQL; tokyo is a peer server that refuses
/// until told to accept.
@Suite(.serialized)
struct PeerRejectionAlarmTests {
    static let logger = Logger(label: "regiond.tests.peer-rejection")
    static let seoul: RegionName = "seoul"
    static let tokyo: RegionName = "tokyo"
    static let keys = ClusterKeyring(current: try! ClusterKey(bytes: Array(repeating: 0x6B, count: 32)))

    @Test func aRefusedBatchIsCountedAndMarksItsLaneStalledUntilItIsAccepted() async throws {
        let ports = [Self.seoul: FreePort.allocate(), Self.tokyo: FreePort.allocate()]
        let config = Self.config(ports: ports)
        let tokyo = RefusingPeer(config: config, port: ports[Self.tokyo] ?? 0)
        let metrics = TestMetrics()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("regiond-rejection-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }

        try await LocalPostgresCluster.with(logger: Self.logger) { cluster in
            try await cluster.createDatabase("seoul", logger: Self.logger)
            let database = cluster.connectionString(database: "seoul")
            let connection = try await PostgresConnection.connect(to: database, logger: Self.logger)
            try await connection.execute("CREATE TABLE posts (id bigint PRIMARY KEY, body text)")
            try await SchemaInstaller(config: config, region: Self.seoul, logger: Self.logger).install(using: connection)
            let node = try await ReplicationNode.make(
                config: config, region: Self.seoul, keys: Self.keys, database: database, auditDirectory: directory,
                port: ports[Self.seoul] ?? 0, metrics: metrics, logger: Self.logger)

            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await tokyo.server.run() }
                group.addTask { try await node.run() }
                _ = await tokyo.server.listeningPort()
                defer { group.cancelAll() }

                try await connection.execute("INSERT INTO posts VALUES (1, 'refused by tokyo')")
                let rejected = [("peer", "tokyo"), ("tier", "content"), ("reason", RefusingPeer.reason)]
                try await Self.eventually("tokyo's refusal counted") {
                    metrics.counterTotal(label: ReplicationMetrics.batchesRejectedByPeer, dimensions: rejected) >= 2
                }
                #expect(Self.stalled(metrics) == 1)

                tokyo.accept()
                try await Self.eventually("the lane's stall cleared once tokyo accepts") { Self.stalled(metrics) == 0 }
                #expect(tokyo.acknowledgedBatches >= 1)
            }
            await node.shutdown()
        }
    }

    static func stalled(_ metrics: TestMetrics) -> Double? {
        metrics.recorders(label: ReplicationMetrics.laneStalled, dimensions: [("peer", "tokyo"), ("tier", "content")]).first?.lastValue
    }

    /// Polls `condition` (metrics are updated by the replicator's own tasks) for up to 300 s:
    /// a bound for a bug, since the parallel test phase can starve a task for minutes.
    static func eventually(_ what: String, _ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(300)
        while !condition() {
            guard ContinuousClock.now < deadline else {
                Issue.record("timed out waiting for: \(what)")
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    static func config(ports: [RegionName: Int]) -> RegionsConfig {
        let names = [seoul, tokyo]
        return RegionsConfig(
            service: ServiceConfig(zone: "example.com.", hostnames: ["app.example.com."], ttl: .seconds(30)),
            objectives: Objectives(), health: HealthSettings(), dns: DNSSettings(provider: .file(path: "/dev/null")),
            regions: names.map {
                RegionConfig(
                    name: $0, role: .secondary, traffic: 50, jurisdiction: "KR", addresses: ["127.0.0.1"],
                    agentURL: "http://127.0.0.1:\(ports[$0] ?? 1)", database: .environment("REGIOND_UNUSED_DSN"))
            },
            geos: [GeoConfig(name: "default", preference: names, isDefault: true)],
            tiers: [TierConfig(name: "content", maxLag: .seconds(30), tables: ["posts"], batchWindow: .milliseconds(100))],
            residency: ResidencyConfig(
                classes: [ResidencyClass(name: "global", allowedRegions: Set(names))], tables: ["posts": .fixed(className: "global")]))
    }
}

/// Tokyo's replicate endpoint: refuses every batch with 422 until `accept()`, then
/// acknowledges them without applying anything.
struct RefusingPeer: Sendable {
    static let reason = "residency_policy_differs"
    let server: PeerServer
    private let state: State

    final class State: Sendable {
        let accepting = Mutex(false)
        let acknowledged = Mutex(0)
    }

    init(config: RegionsConfig, port: Int) {
        let wire = PeerWire(security: config.security)
        let state = State()
        self.state = state
        let route = PeerRoute(.replicate) { request in
            guard state.accepting.withLock({ $0 }) else {
                return .refusal(status: 422, reason: Self.reason, message: "tokyo's regions.yaml does not allow these rows")
            }
            guard let batch = try? wire.decode(ReplicateRequest.self, from: request.body, header: { request.header($0) }) else {
                return .refusal(status: 400, reason: "malformed", message: "unreadable batch")
            }
            state.acknowledged.withLock { $0 += 1 }
            return .json(ReplicateAcknowledgement(
                batchID: batch.batch.id, receiver: PeerRejectionAlarmTests.tokyo, applied: 0, stale: batch.batch.changes.count, rejectedRows: []))
        }
        server = PeerServer(
            configuration: PeerServerConfiguration(
                host: "127.0.0.1", port: port,
                verifier: RequestVerifier(keys: PeerRejectionAlarmTests.keys, config: config, local: PeerRejectionAlarmTests.tokyo)),
            routes: [route], logger: PeerRejectionAlarmTests.logger)
    }

    func accept() { state.accepting.withLock { $0 = true } }
    var acknowledgedBatches: Int { state.acknowledged.withLock { $0 } }
}
