/// The body of `POST /v1/observations`: the sender's health gossip.
public struct ObservationsRequest: Equatable, Sendable, Codable {
    public var protocolVersion: PeerProtocolVersion
    public var gossip: ObservationGossip

    public init(protocolVersion: PeerProtocolVersion = .current, gossip: ObservationGossip) {
        self.protocolVersion = protocolVersion
        self.gossip = gossip
    }
}
