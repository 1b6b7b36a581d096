import Foundation
import Logging
import RegionCore

/// Sends signed requests to other agents: replication batches, gossip, integrity summaries,
/// drains all go through it.
///
/// Each request is signed afresh (new nonce, current time) with `RequestSigner`, sent to the
/// peer's `agent_url` with the minimum TLS version regions.yaml sets for that region, and
/// answered with whatever status the peer chose: interpreting it is the caller's job.
public struct PeerClient: Sendable {
    private let peers: [RegionName: RegionConfig]
    private let signer: RequestSigner
    private let http: HTTPClient
    private let timeout: Duration
    private let maxAnswerBytes: Int
    private let clock: @Sendable () -> Timestamp
    private let logger: Logger

    /// - Parameters:
    ///   - config: where each peer's agent listens (`agent_url`) and its `min_tls`.
    ///   - timeout: for the whole exchange; a batch must fit well inside its tier's lag objective.
    ///
    /// An answer is held to the same `security.max_body_bytes` as the requests this agent
    /// accepts: a peer cannot make it buffer more than it would take from anyone.
    public init(
        config: RegionsConfig, signer: RequestSigner, http: HTTPClient, timeout: Duration = .seconds(10),
        clock: @escaping @Sendable () -> Timestamp = WallClock.now, logger: Logger
    ) {
        peers = Dictionary(config.regions.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.signer = signer
        self.http = http
        self.timeout = timeout
        maxAnswerBytes = config.security.maxBodyBytes
        self.clock = clock
        self.logger = logger
    }

    /// The region this client signs as.
    public var sender: RegionName { signer.sender }

    /// Sends `body` (bytes as they go on the wire) to `peer`'s `method path`.
    public func send(
        method: String, path: String, body: [UInt8] = [], headers extraHeaders: [(name: String, value: String)] = [],
        to peer: RegionName
    ) async throws(PeerClientError) -> PeerResponse {
        guard let region = peers[peer] else { throw .unknownPeer(peer) }
        let signed = signer.sign(method: method, path: path, body: body, at: clock(), nonce: Self.makeNonce())
        let fields = signed.fields + extraHeaders
        let request = HTTPRequest(
            method: HTTPMethod(rawValue: method.uppercased()), url: Self.url(region.agentURL, path),
            headers: fields.map { HTTPHeader($0.name, $0.value) }, body: body.isEmpty ? nil : Data(body),
            timeout: timeout, minimumTLS: TLSVersion(rawValue: region.minTLS) ?? .v1_3, maxResponseBytes: maxAnswerBytes)
        do {
            let response = try await http.execute(request)
            return PeerResponse(status: response.status, body: Array(response.body), headers: response.headers)
        } catch HTTPClientError.responseTooLarge(_, let limit) {
            throw .answerTooLarge(peer: peer, path: path, limit: limit)
        } catch let error as HTTPClientError {
            logger.debug("peer request failed", metadata: ["peer": "\(peer)", "path": "\(path)", "error": "\(error)"])
            throw .unreachable(peer: peer, detail: error.description)
        } catch is CancellationError {
            throw .cancelled
        } catch {
            throw .unreachable(peer: peer, detail: String(describing: error))
        }
    }

    /// Sends an encoded message to one of the protocol's endpoints.
    public func send(_ body: PeerWireBody, to endpoint: PeerEndpoint, of peer: RegionName) async throws(PeerClientError) -> PeerResponse {
        try await send(method: endpoint.method, path: endpoint.path, body: body.bytes, headers: body.headerFields, to: peer)
    }

    /// 32 hex digits from the system's secure generator: 128 bits, never reused in practice.
    static func makeNonce() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<2).map { _ in
            let text = String(generator.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - text.count) + text
        }.joined()
    }

    private static func url(_ base: String, _ path: String) -> String {
        base.hasSuffix("/") ? String(base.dropLast()) + path : base + path
    }
}
