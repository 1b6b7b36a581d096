import Crypto

/// A SHA-256 digest written as 64 lowercase hexadecimal characters, the form in which
/// hashes and key digests appear in the residency log.
///
/// Keeping the text form (rather than raw bytes) as the value means what is hashed, stored
/// and shown to an auditor is one and the same string.
public struct AuditDigest: Hashable, Sendable, CustomStringConvertible {
    public let hex: String

    /// Accepts exactly 64 lowercase hex digits; anything else is not a digest regiond wrote.
    public init?(hex: String) {
        let utf8 = hex.utf8
        guard utf8.count == 64, utf8.allSatisfy(Self.isLowercaseHexDigit) else { return nil }
        self.hex = hex
    }

    private init(validatedHex: String) { self.hex = validatedHex }

    /// The `prev` of the first record in a chain: 64 zeros.
    public static let genesis = AuditDigest(validatedHex: String(repeating: "0", count: 64))

    /// The SHA-256 of `bytes`.
    public static func sha256(of bytes: [UInt8]) -> AuditDigest {
        AuditDigest(finalized: SHA256.hash(data: bytes))
    }

    /// The hex form of an already computed digest.
    public init(finalized digest: SHA256.Digest) {
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        for byte in digest {
            hex.append(Self.hexDigits[Int(byte >> 4)])
            hex.append(Self.hexDigits[Int(byte & 0x0F)])
        }
        self.init(validatedHex: String(decoding: hex, as: UTF8.self))
    }

    public var description: String { hex }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func isLowercaseHexDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
    }
}
