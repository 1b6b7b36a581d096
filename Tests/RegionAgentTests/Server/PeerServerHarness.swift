import Foundation
import Logging
import MetricsTestKit
import RegionAgent
import RegionCore
import RegionNet

/// A `PeerServer` for region `local` on a free loopback port, trusting `sender`, with an
/// echo route and an open route, plus what a test needs to sign requests at it.
struct PeerServerHarness {
    static let local: RegionName = "seoul"
    static let sender: RegionName = "tokyo"
    static let maxBodyBytes = 4_096
    static let window: Duration = .seconds(300)
    /// The receiver's fixed clock; requests are signed relative to it.
    static let now = Timestamp(milliseconds: 1_800_000_000_000)

    let metrics = TestMetrics()
    let currentKey: ClusterKey
    let previousKey: ClusterKey
    let server: PeerServer

    init() throws {
        currentKey = try ClusterKey(bytes: Array(repeating: 0x11, count: 32))
        previousKey = try ClusterKey(bytes: Array(repeating: 0x22, count: 32))
        let verifier = RequestVerifier(
            keys: ClusterKeyring(current: currentKey, previous: previousKey), knownSenders: [Self.sender],
            window: Self.window, maxBodyBytes: Self.maxBodyBytes)
        let configuration = PeerServerConfiguration(
            host: "127.0.0.1", port: 0, verifier: verifier, clock: { Self.now }, metrics: metrics)
        let echo = PeerRoute(method: "POST", path: "/v1/echo", access: .peer) { request in
            .text("\(request.peer?.rawValue ?? "-"):\(String(decoding: request.body, as: UTF8.self))")
        }
        let health = PeerRoute(method: "GET", path: "/healthz", access: .open) { _ in .text("ok") }
        // Refuses as the replication receiver does: 400 for a batch naming another origin
        // than its signer, 503 when its own database fails.
        let forgedOrigin = PeerRoute(method: "POST", path: "/v1/forged", access: .peer) { request in
            .refusal(status: 400, reason: "origin_mismatch", message: "batch claims origin seoul but was signed by \(request.peer?.rawValue ?? "-")")
        }
        let failing = PeerRoute(method: "POST", path: "/v1/failing", access: .peer) { _ in
            .refusal(status: 503, reason: "apply_failed", message: "the database is down")
        }
        server = PeerServer(
            configuration: configuration, routes: [echo, health, forgedOrigin, failing], logger: Logger(label: "test.peer-server"))
    }

    /// Runs `body` while the server serves, then stops it.
    func serving<Result: Sendable>(_ body: (_ baseURL: String, _ client: HTTPClient) async throws -> Result) async throws -> Result {
        let client = try HTTPClient(logger: Logger(label: "test.http"))
        let server = server
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            let port = await server.listeningPort()
            defer { group.cancelAll() }
            let result = try await body("http://127.0.0.1:\(port)", client)
            await client.shutdown()
            return result
        }
    }

    func signedHeaders(
        key: ClusterKey? = nil, version: PeerProtocolVersion = .current, body: [UInt8], at timestamp: Timestamp = Self.now,
        nonce: String = UUID().uuidString, path: String = "/v1/echo"
    ) -> [HTTPHeader] {
        let signer = RequestSigner(key: key ?? currentKey, sender: Self.sender, protocolVersion: version)
        return signer.sign(method: "POST", path: path, body: body, at: timestamp, nonce: nonce).fields.map { HTTPHeader($0.name, $0.value) }
    }

    func refusals(_ reason: String) -> Int64 {
        metrics.counters(label: "regiond_peer_requests_refused_total", dimensions: [("reason", reason)])
            .reduce(0) { $0 + $1.totalValue }
    }
}
