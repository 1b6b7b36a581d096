/// Recomputes a residency log's hash chain and finds the first record that breaks it.
///
/// Records are fed in log order, in as many pieces as convenient (one segment at a time
/// keeps memory bounded). Checks per record, in this order: its own hash (edited?), its
/// sequence number (deleted, reordered, duplicated?), its link to the previous hash
/// (replaced or inserted?). A chain is also broken if it does not start at seq 1 with the
/// genesis `prev`, unless the verifier was told where the checked part starts.
public struct AuditChainVerifier: Hashable, Sendable {
    /// The sequence number the next record must carry.
    public private(set) var expectedSeq: UInt64
    /// The hash the next record's `prev` must equal.
    public private(set) var lastHash: AuditDigest
    /// Records accepted so far.
    public private(set) var verifiedCount = 0

    /// Verifies a log from its first record.
    public init() {
        expectedSeq = 1
        lastHash = .genesis
    }

    /// Verifies the part of a log after a record known by an auditor's anchor.
    public init(continuingAfterSeq seq: UInt64, hash: AuditDigest) {
        expectedSeq = seq + 1
        lastHash = hash
    }

    /// Checks `record` as the next one and moves past it.
    ///
    /// - Parameter upcoming: records that follow it, if the caller has them; used only to
    ///   tell "missing" from "reordered" when the sequence number jumps.
    public mutating func accept(_ record: AuditRecord, upcoming: some Sequence<AuditRecord> = []) throws(AuditChainBreak) {
        let computed = record.computedHash
        guard computed == record.hash else {
            throw breakAt(record, .edited(stored: record.hash, computed: computed))
        }
        if record.seq > expectedSeq {
            let expected = expectedSeq
            let reappears = upcoming.contains { $0.seq == expected }
            throw breakAt(record, reappears ? .reordered(expected: expected) : .missing(expected: expected))
        }
        guard record.seq == expectedSeq else { throw breakAt(record, .outOfOrder(expected: expectedSeq)) }
        guard record.prev == lastHash else { throw breakAt(record, .unlinked(expectedPrev: lastHash)) }
        expectedSeq += 1
        lastHash = record.hash
        verifiedCount += 1
    }

    /// Checks `records` in order, looking ahead within them to classify sequence jumps.
    public mutating func accept(contentsOf records: [AuditRecord]) throws(AuditChainBreak) {
        for index in records.indices {
            try accept(records[index], upcoming: records[(index + 1)...])
        }
    }

    private func breakAt(_ record: AuditRecord, _ reason: AuditChainBreak.Reason) -> AuditChainBreak {
        AuditChainBreak(seq: record.seq, position: verifiedCount, reason: reason)
    }
}
