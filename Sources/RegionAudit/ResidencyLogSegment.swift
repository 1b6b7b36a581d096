import RegionCore

/// One segment of a residency log as read from disk.
public struct ResidencyLogSegment: Sendable {
    /// One record and the 1-based line it was read from.
    public struct Entry: Sendable {
        public let record: AuditRecord
        public let line: Int
    }

    /// The file the records were read from (name only).
    public let file: String
    public let index: Int
    public let isClosed: Bool
    public let entries: [Entry]
    /// Bytes after the last complete line of an open segment: a write a crash interrupted.
    public let tornTailBytes: Int
    /// For a closed segment: its digest file and the SHA-256 of the compressed bytes read.
    let digest: SegmentDigest?
    let compressedSHA256: AuditDigest?
}
