/// The requests agents make to each other.
public enum PeerEndpoint: String, Sendable, CaseIterable {
    /// Delivers a `ReplicateRequest`; answered by a `ReplicateAcknowledgement`.
    case replicate
    /// Delivers an `ObservationsRequest` (health gossip).
    case observations
    /// Answered by a `PeerStatus`.
    case status

    public var method: String {
        switch self {
        case .replicate, .observations: "POST"
        case .status: "GET"
        }
    }

    public var path: String {
        switch self {
        case .replicate: "/v1/replicate"
        case .observations: "/v1/observations"
        case .status: "/v1/status"
        }
    }
}
