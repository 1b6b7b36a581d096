/// Signs this agent's outgoing peer requests with the current cluster key.
///
/// The nonce and the time come in as values (the agent draws the nonce from a secure
/// generator and reads its clock), which keeps signing deterministic and testable.
public struct RequestSigner: Sendable {
    public var key: ClusterKey
    public var sender: RegionName
    public var protocolVersion: PeerProtocolVersion

    public init(key: ClusterKey, sender: RegionName, protocolVersion: PeerProtocolVersion = .current) {
        self.key = key
        self.sender = sender
        self.protocolVersion = protocolVersion
    }

    /// The headers to send with a request of `method` to `path` carrying `body`.
    ///
    /// - Precondition for acceptance: `nonce` is well formed (`PeerRequestHeaders.isWellFormedNonce`)
    ///   and never reused; the receiver refuses it otherwise.
    public func sign(method: String, path: String, body: some Sequence<UInt8>, at timestamp: Timestamp, nonce: String) -> PeerRequestHeaders {
        let canonical = CanonicalRequest(
            method: method, path: path, timestamp: timestamp, sender: sender, nonce: nonce,
            protocolVersion: protocolVersion, body: body)
        return PeerRequestHeaders(
            protocolVersion: protocolVersion, sender: sender, timestamp: timestamp, nonce: nonce,
            signature: Hex.encode(canonical.authenticationCode(with: key)))
    }
}
