import RegionCore

/// Decodes a `bytea` value in PostgreSQL's hex output format (`\x0a1b...`).
enum ByteaText {
    static func decode(_ text: String) -> [UInt8]? {
        guard text.hasPrefix("\\x") else { return nil }
        return Hex.decode(text.dropFirst(2))
    }
}
