import Crypto

extension AuditDigest {
    /// The digest of a set of row keys, so the log can prove *which* rows moved without
    /// containing them.
    ///
    /// Definition (reproducible by an auditor who holds the keys): remove duplicate keys,
    /// sort them by their UTF-8 bytes, write each as a netstring (`<byte length>:<bytes>,`),
    /// and take the SHA-256 of the concatenation. The netstring framing keeps `["ab","c"]`
    /// and `["a","bc"]` apart. No keys gives the SHA-256 of the empty string.
    public static func ofRowKeys(_ keys: some Sequence<String>) -> AuditDigest {
        let sorted = Set(keys).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        var hasher = SHA256()
        for key in sorted {
            hasher.update(data: Array("\(key.utf8.count):".utf8))
            hasher.update(data: Array(key.utf8))
            hasher.update(data: [UInt8(ascii: ",")])
        }
        return AuditDigest(finalized: hasher.finalize())
    }
}
