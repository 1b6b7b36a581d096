/// The writing end of a residency log: turns events into chained records.
///
/// A value with no I/O; the store persists what `append` returns and, after a restart,
/// resumes the chain from the last record it finds on disk.
public struct AuditChain: Hashable, Sendable {
    /// The sequence number of the last record, 0 before the first.
    public private(set) var lastSeq: UInt64
    /// The hash the next record will carry as `prev`.
    public private(set) var lastHash: AuditDigest

    /// An empty chain: the first record gets seq 1 and `prev` = 64 zeros.
    public init() {
        lastSeq = 0
        lastHash = .genesis
    }

    /// A chain continuing after an existing record.
    public init(resumingAfter record: AuditRecord) {
        lastSeq = record.seq
        lastHash = record.hash
    }

    /// A chain continuing after a record known only by its sequence number and hash
    /// (e.g. from a closed segment's digest file).
    public init(resumingAfterSeq seq: UInt64, hash: AuditDigest) {
        lastSeq = seq
        lastHash = hash
    }

    /// Places `event` at the end of the chain.
    public mutating func append(_ event: AuditEvent, at time: Timestamp) -> AuditRecord {
        let record = AuditRecord(seq: lastSeq + 1, time: time, event: event, prev: lastHash)
        lastSeq = record.seq
        lastHash = record.hash
        return record
    }
}
