import RegionCore

/// Why a peer request got no answer at all (a refusal is an answer: `PeerResponse`).
public enum PeerClientError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownPeer(RegionName)
    case unreachable(peer: RegionName, detail: String)
    /// The peer answered with a body over this agent's `security.max_body_bytes`.
    case answerTooLarge(peer: RegionName, path: String, limit: Int)
    case cancelled

    public var description: String {
        switch self {
        case .unknownPeer(let peer):
            "'\(peer)' is not a region in regions.yaml; cannot send to it"
        case .unreachable(let peer, let detail):
            "agent of \(peer) did not answer: \(detail); it may be down, or its agent_url in regions.yaml may be wrong"
        case .answerTooLarge(let peer, let path, let limit):
            "the agent of \(peer) answered \(path) with more than security.max_body_bytes (\(limit) bytes); the answer was dropped: ask for less at once, or raise max_body_bytes in regions.yaml"
        case .cancelled:
            "the peer request was cancelled because the agent is stopping"
        }
    }
}
