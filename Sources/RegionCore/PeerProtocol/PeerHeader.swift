/// The HTTP header names of the peer protocol.
///
/// Every peer request carries all five `X-Regiond-*` authentication headers; the body
/// headers describe how the body is encoded so a receiver can size-check it before inflating.
public enum PeerHeader {
    /// `major.minor` protocol version of the sender (`PeerProtocolVersion`).
    public static let protocolVersion = "X-Regiond-Protocol"
    /// The region the sender claims to be; bound by the signature.
    public static let sender = "X-Regiond-Sender"
    /// The sender's clock when signing, in milliseconds since the Unix epoch.
    public static let timestamp = "X-Regiond-Timestamp"
    /// A value the sender never reuses (16–128 characters of `A-Z a-z 0-9 - _`).
    public static let nonce = "X-Regiond-Nonce"
    /// Lowercase hex HMAC-SHA256 of the canonical request (`CanonicalRequest`).
    public static let signature = "X-Regiond-Signature"
    /// `identity` or `deflate` (zlib, RFC 1950), as in HTTP.
    public static let contentEncoding = "Content-Encoding"
    /// Size of the body once decoded; lets the receiver refuse an oversized body, or a
    /// decompression bomb, before inflating it.
    public static let uncompressedLength = "X-Regiond-Uncompressed-Length"
}
