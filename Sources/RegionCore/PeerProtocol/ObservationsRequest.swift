/// The body of `POST /v1/observations`: the sender's health gossip.
public struct ObservationsRequest: Equatable, Sendable, Codable {
    public var protocolVersion: PeerProtocolVersion
    public var gossip: ObservationGossip

    public init(protocolVersion: PeerProtocolVersion = .current, gossip: ObservationGossip) {
        self.protocolVersion = protocolVersion
        self.gossip = gossip
    }

    /// Refuses gossip that is not entirely the signing region's own: the quorum relies on
    /// hearing from a voter meaning a direct path to it exists, so relayed or forged
    /// observations must not be counted.
    public func validate(sender: RegionName) throws(ObservationsValidationError) {
        guard gossip.from == sender else { throw .senderMismatch(claimed: gossip.from, sender: sender) }
        if let foreign = gossip.observations.first(where: { $0.observer != sender }) {
            throw .relayedObservation(observer: foreign.observer, sender: sender)
        }
    }
}
