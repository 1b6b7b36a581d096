/// Why an agent refused a peer request before looking at its content.
///
/// Messages never contain a key or signature bytes: they are logged and returned to the
/// peer, and must not help anyone forge a request.
public enum PeerRequestRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    /// An authentication header is missing or not in its documented form.
    case unsigned(missingOrMalformedHeader: String)
    /// The signature matches neither the current nor the previous cluster key.
    case badSignature(sender: RegionName)
    /// The request was signed further from the receiver's clock than the window allows.
    case expired(sender: RegionName, skew: Duration, window: Duration)
    /// The nonce was already seen inside the window, or is older than the replay memory.
    case replayed(sender: RegionName)
    /// The claimed sender is not a peer of this agent.
    case unknownSender(RegionName)
    case incompatibleVersion(peer: RegionName, peerVersion: PeerProtocolVersion, localVersion: PeerProtocolVersion)
    /// The body is, or declares itself, larger than the configured limit.
    case bodyTooLarge(bytes: Int, limit: Int)

    /// The HTTP status the server answers with.
    public var httpStatus: Int {
        switch self {
        case .unsigned, .badSignature, .expired: 401
        case .unknownSender: 403
        case .replayed: 409
        case .bodyTooLarge: 413
        case .incompatibleVersion: 426
        }
    }

    /// A fixed, low-cardinality label for the refused-requests metric.
    public var metricLabel: String {
        switch self {
        case .unsigned: "unsigned"
        case .badSignature: "bad_signature"
        case .expired: "expired"
        case .replayed: "replayed"
        case .unknownSender: "unknown_sender"
        case .incompatibleVersion: "incompatible_version"
        case .bodyTooLarge: "body_too_large"
        }
    }

    public var description: String {
        switch self {
        case .unsigned(let header):
            "request has no valid \(header) header; peer requests must be signed by a regiond agent of this cluster"
        case .badSignature(let sender):
            "signature of request from \(sender) does not match the cluster key; check that both agents use the same cluster key (or the previous one during rotation)"
        case .expired(let sender, let skew, let window):
            "request from \(sender) was signed \(skew.milliseconds) ms from this agent's clock, outside the ±\(window.milliseconds) ms window; synchronise the clocks (NTP)"
        case .replayed(let sender):
            "request from \(sender) reuses a nonce or is older than the replay memory; a sender must sign each request afresh"
        case .unknownSender(let name):
            "sender '\(name)' is not a region of this cluster; add it to regions.yaml on every agent or fix the sender's name"
        case .incompatibleVersion(let peer, let peerVersion, let localVersion):
            "peer \(peer) speaks regiond protocol \(peerVersion), this agent speaks \(localVersion): upgrade one of them to an adjacent release"
        case .bodyTooLarge(let bytes, let limit):
            "request body of \(bytes) bytes exceeds the limit of \(limit) bytes; send smaller batches or raise security.max_body_bytes"
        }
    }
}
