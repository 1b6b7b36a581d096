import RegionCore

/// An encoded peer message: the bytes to send and the headers that describe them.
public struct PeerWireBody: Sendable, Equatable {
    public var bytes: [UInt8]
    public var encoding: PeerWireEncoding
    /// Length of the JSON before compression.
    public var uncompressedLength: Int

    public init(bytes: [UInt8], encoding: PeerWireEncoding, uncompressedLength: Int) {
        self.bytes = bytes
        self.encoding = encoding
        self.uncompressedLength = uncompressedLength
    }

    /// Headers to send along with `bytes` (the signature covers `bytes`, as sent).
    public var headerFields: [(name: String, value: String)] {
        [
            ("Content-Type", "application/json"),
            (PeerHeader.contentEncoding, encoding.rawValue),
            (PeerHeader.uncompressedLength, String(uncompressedLength)),
        ]
    }
}
