/// The authentication headers of one peer request, as values.
///
/// The signer produces them; the verifier parses them from whatever header map the HTTP
/// server hands it. Parsing checks form only; `RequestVerifier` decides whether to trust them.
public struct PeerRequestHeaders: Sendable, Equatable {
    public var protocolVersion: PeerProtocolVersion
    public var sender: RegionName
    public var timestamp: Timestamp
    public var nonce: String
    /// Lowercase hex HMAC-SHA256.
    public var signature: String

    public init(protocolVersion: PeerProtocolVersion, sender: RegionName, timestamp: Timestamp, nonce: String, signature: String) {
        self.protocolVersion = protocolVersion
        self.sender = sender
        self.timestamp = timestamp
        self.nonce = nonce
        self.signature = signature
    }

    /// Name and value pairs to set on the outgoing request.
    public var fields: [(name: String, value: String)] {
        [
            (PeerHeader.protocolVersion, protocolVersion.description),
            (PeerHeader.sender, sender.rawValue),
            (PeerHeader.timestamp, String(timestamp.milliseconds)),
            (PeerHeader.nonce, nonce),
            (PeerHeader.signature, signature),
        ]
    }

    /// Reads the headers through `value(named:)`, which the caller implements over its HTTP
    /// library's header type (case-insensitively, as HTTP requires).
    public init(reading value: (String) -> String?) throws(PeerRequestRefusal) {
        func field(_ name: String) throws(PeerRequestRefusal) -> String {
            guard let text = value(name), !text.isEmpty, Self.isSingleLine(text) else {
                throw .unsigned(missingOrMalformedHeader: name)
            }
            return text
        }
        guard let version = PeerProtocolVersion(try field(PeerHeader.protocolVersion)) else {
            throw .unsigned(missingOrMalformedHeader: PeerHeader.protocolVersion)
        }
        guard let milliseconds = Int64(try field(PeerHeader.timestamp)) else {
            throw .unsigned(missingOrMalformedHeader: PeerHeader.timestamp)
        }
        let nonce = try field(PeerHeader.nonce)
        guard Self.isWellFormedNonce(nonce) else { throw .unsigned(missingOrMalformedHeader: PeerHeader.nonce) }
        self.init(
            protocolVersion: version, sender: RegionName(try field(PeerHeader.sender)),
            timestamp: Timestamp(milliseconds: milliseconds), nonce: nonce,
            signature: try field(PeerHeader.signature))
    }

    /// 16 to 128 characters of `A-Z a-z 0-9 - _`: long enough to be unique when drawn at
    /// random, short enough to bound the replay guard's memory per entry.
    public static func isWellFormedNonce(_ nonce: String) -> Bool {
        (16...128).contains(nonce.utf8.count) && nonce.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"): true
            default: false
            }
        }
    }

    private static func isSingleLine(_ text: String) -> Bool {
        !text.utf8.contains { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }
    }
}
