import RegionCore

/// Why a peer's integrity or erasure endpoint gave no usable answer.
public enum IntegrityTransportError: Error, Sendable, Equatable, CustomStringConvertible {
    case unreachable(peer: RegionName, detail: String)
    case refused(peer: RegionName, status: Int, reason: String)
    case malformedAnswer(peer: RegionName, path: String)
    /// One row (or key) alone encodes to more than the peer accepts in a body.
    case overBodyLimit(peer: RegionName, path: String, bytes: Int, limit: Int)
    /// The answer to a request for a single block or row is over this agent's limit.
    case answerOverLimit(peer: RegionName, path: String, limit: Int)

    public var description: String {
        switch self {
        case .unreachable(let peer, let detail):
            "\(detail); check that the agent of \(peer) runs and that its agent_url in regions.yaml is right"
        case .refused(let peer, let status, let reason):
            "the agent of \(peer) refused the request (HTTP \(status)): \(reason)"
        case .malformedAnswer(let peer, let path):
            "the agent of \(peer) answered \(path) with a body this release cannot read; run the same regiond release in every region"
        case .answerOverLimit(let peer, let path, let limit):
            "\(peer)'s answer to \(path) for a single block or row is over security.max_body_bytes (\(limit) bytes); raise max_body_bytes in regions.yaml on every agent"
        case .overBodyLimit(let peer, let path, let bytes, let limit):
            "one row of the request to \(peer)'s \(path) is \(bytes) bytes encoded, over security.max_body_bytes (\(limit)); raise max_body_bytes in regions.yaml on every agent"
        }
    }
}
