import RegionCore

/// The writes one origin captured for one peer and tier between two batch cuts.
///
/// The batcher sees a cohort as one queued change (so batching decisions cost one call per
/// batch, not per write). The cohort carries fresh rows in aggregate, one entry per load
/// step and template with its row count, and the individually tracked writes (conflicting
/// keys and their pool) one by one; the receiver re-checks residency, merges and measures
/// each entry, weighting lags by row counts. A reference type because the
/// shell keeps appending to the open cohort after handing its change to the batcher.
final class WriteCohort {
    /// One write as the cohort carries it.
    struct Write {
        var key: Int32
        var template: UInt8
        var version: CompactVersion
        var writtenAt: Int64
    }

    /// Fresh rows of one template written in one load step.
    struct FreshRows {
        var step: Int32
        var template: UInt8
        var rows: UInt32
        var writtenAt: Int64
        /// The origin's HLC after the step's writes: the newest version among the rows.
        var hlc: UInt64
    }

    private(set) var writes: [Write] = []
    private(set) var fresh: [FreshRows] = []

    func append(step: Int, template: Int, rows: UInt32, at time: Int64, hlc: UInt64) {
        fresh.append(FreshRows(
            step: Int32(truncatingIfNeeded: step), template: UInt8(truncatingIfNeeded: template), rows: rows, writtenAt: time,
            hlc: hlc))
    }

    func append(key: Int, version: CompactVersion, at time: Int64, template: Int) {
        writes.append(Write(
            key: Int32(truncatingIfNeeded: key), template: UInt8(truncatingIfNeeded: template), version: version, writtenAt: time))
    }
}

/// One origin's cohorts: the one still open per (peer, tier), and every cohort handed to a
/// batcher until its batch is acknowledged (a failed batch is resent with its cohorts).
struct CohortLedger {
    /// By the changelog sequence number the cohort's change carries.
    private var cohorts: [Int64: WriteCohort] = [:]
    /// `[peer][tier]`: the cohort still accepting writes, with its sequence.
    private var open: [[(sequence: Int64, cohort: WriteCohort)?]]
    private var nextSequence: Int64 = 0

    init(peers: Int, tiers: Int) {
        open = Array(repeating: Array(repeating: nil, count: tiers), count: peers)
    }

    /// The open cohort for the peer and tier, if its change is still queued.
    func openCohort(peer: Int, tier: Int) -> WriteCohort? { open[peer][tier]?.cohort }

    /// Starts a cohort and returns it with the sequence its change must carry.
    mutating func startCohort(peer: Int, tier: Int) -> (sequence: Int64, cohort: WriteCohort) {
        nextSequence += 1
        let cohort = WriteCohort()
        cohorts[nextSequence] = cohort
        open[peer][tier] = (nextSequence, cohort)
        return (nextSequence, cohort)
    }

    /// The batch was cut: its cohorts stop accepting writes.
    mutating func sealed(_ batch: OutboundBatch, peer: Int, tier: Int) {
        if let sequence = open[peer][tier]?.sequence, batch.sequences.contains(sequence) { open[peer][tier] = nil }
    }

    func cohort(_ sequence: Int64) -> WriteCohort? { cohorts[sequence] }

    /// The batch was acknowledged: its cohorts are delivered for good.
    mutating func release(_ batch: OutboundBatch) {
        for change in batch.changes { cohorts[change.sequence] = nil }
    }
}
