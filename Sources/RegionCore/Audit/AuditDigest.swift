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
    public static func sha256(of bytes: some Sequence<UInt8>) -> AuditDigest {
        var hasher = SHA256()
        hasher.update(data: Array(bytes))
        return AuditDigest(finalized: hasher.finalize())
    }

    /// The hex form of an already computed digest.
    public init(finalized digest: SHA256.Digest) {
        self.init(validatedHex: digest.map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined())
    }

    public var description: String { hex }

    private static func isLowercaseHexDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
    }
}
