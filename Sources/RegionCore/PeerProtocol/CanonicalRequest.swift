import Crypto

/// The string a peer request's signature covers.
///
/// One field per line, in this order: method (uppercase), path, timestamp in milliseconds,
/// sender region, nonce, protocol version, lowercase hex SHA-256 of the body. Binding the
/// sender means a region cannot pass its request off as another's; binding the body digest
/// means the signature covers the body without the HMAC having to stream it. No field may
/// contain a newline (the verifier refuses such headers), so the encoding is unambiguous.
public struct CanonicalRequest: Sendable, Equatable {
    public var method: String
    public var path: String
    public var timestamp: Timestamp
    public var sender: RegionName
    public var nonce: String
    public var protocolVersion: PeerProtocolVersion
    public var bodyDigest: String

    public init(
        method: String, path: String, timestamp: Timestamp, sender: RegionName, nonce: String,
        protocolVersion: PeerProtocolVersion, body: some Sequence<UInt8>
    ) {
        self.method = method
        self.path = path
        self.timestamp = timestamp
        self.sender = sender
        self.nonce = nonce
        self.protocolVersion = protocolVersion
        self.bodyDigest = Hex.encode(SHA256.hash(data: Array(body)))
    }

    public var text: String {
        [method.uppercased(), path, String(timestamp.milliseconds), sender.rawValue, nonce,
         protocolVersion.description, bodyDigest].joined(separator: "\n")
    }

    func authenticationCode(with key: ClusterKey) -> HashedAuthenticationCode<SHA256> {
        HMAC<SHA256>.authenticationCode(for: Array(text.utf8), using: key.symmetricKey)
    }
}
