/// The first place where a residency log stops being a valid chain, and why.
public struct AuditChainBreak: Error, Hashable, Sendable, CustomStringConvertible {
    /// What the evidence says happened.
    public enum Reason: Hashable, Sendable {
        /// The record's content does not match its own hash: it was edited after writing.
        case edited(stored: AuditDigest, computed: AuditDigest)
        /// Sequence numbers jump: the records `expected..<found` were deleted, or the log
        /// was truncated in the middle, or a segment is missing.
        case missing(expected: UInt64)
        /// The record with the expected sequence number appears later: records were swapped.
        case reordered(expected: UInt64)
        /// A sequence number repeats or goes back: a record was duplicated or moved earlier.
        case outOfOrder(expected: UInt64)
        /// The sequence number is right but `prev` is not the previous record's hash: the
        /// previous record was replaced (and rehashed) or this one was inserted.
        case unlinked(expectedPrev: AuditDigest)
    }

    /// The sequence number written in the offending record.
    public let seq: UInt64
    /// How many records were accepted before it (its 0-based position in what was checked).
    public let position: Int
    public let reason: Reason

    public init(seq: UInt64, position: Int, reason: Reason) {
        self.seq = seq
        self.position = position
        self.reason = reason
    }

    public var description: String {
        switch reason {
        case .edited(let stored, let computed):
            "record \(seq) was edited: its content hashes to \(computed.hex), not the stored \(stored.hex)"
        case .missing(let expected):
            expected + 1 == seq
                ? "record \(expected) is missing before record \(seq): deleted, or the log was truncated here"
                : "records \(expected)–\(seq - 1) are missing before record \(seq): deleted, or the log was truncated here"
        case .reordered(let expected):
            "record \(seq) stands where record \(expected) belongs: records were reordered"
        case .outOfOrder(let expected):
            "record \(seq) appears where record \(expected) was expected: a record was duplicated or moved"
        case .unlinked(let expectedPrev):
            "record \(seq) does not link to record \(seq - 1) (prev should be \(expectedPrev.hex)): record \(seq - 1) was replaced or record \(seq) was inserted"
        }
    }
}
