import RegionCore

/// Why a peer request got no answer at all (a refusal is an answer: `PeerResponse`).
public enum PeerClientError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownPeer(RegionName)
    case unreachable(peer: RegionName, detail: String)
    case cancelled

    public var description: String {
        switch self {
        case .unknownPeer(let peer):
            "'\(peer)' is not a region in regions.yaml; cannot send to it"
        case .unreachable(let peer, let detail):
            "agent of \(peer) did not answer: \(detail); it may be down, or its agent_url in regions.yaml may be wrong"
        case .cancelled:
            "the peer request was cancelled because the agent is stopping"
        }
    }
}
