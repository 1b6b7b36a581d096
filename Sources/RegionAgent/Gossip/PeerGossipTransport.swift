import RegionCore
import RegionNet

/// Sends observations to a peer's `POST /v1/observations`, signed by `PeerClient`.
public struct PeerGossipTransport: GossipTransport {
    private let client: PeerClient
    private let wire: PeerWire

    public init(client: PeerClient, wire: PeerWire) {
        self.client = client
        self.wire = wire
    }

    public func send(_ gossip: ObservationGossip, to peer: RegionName) async throws {
        let body = try wire.encode(ObservationsRequest(gossip: gossip))
        let response = try await client.send(body, to: .observations, of: peer)
        guard response.isSuccess else { throw GossipRefused(peer: peer, detail: response.failureDescription) }
    }
}

/// A peer answered the gossip with a refusal (wrong key, clock skew, version).
struct GossipRefused: Error, CustomStringConvertible {
    var peer: RegionName
    var detail: String

    var description: String { "\(peer) refused the observations: \(detail)" }
}
