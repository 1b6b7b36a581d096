import RegionCore

/// The writes one origin captured for one peer and tier between two batch cuts.
///
/// The batcher sees a cohort as one queued change (so batching decisions cost one call per
/// batch, not per write); the cohort carries every write inside it, which the receiver
/// re-checks for residency, merges and measures one by one. A reference type because the
/// shell keeps appending to the open cohort after handing its change to the batcher.
final class WriteCohort {
    private(set) var keys: [Int32] = []
    private(set) var versions: [CompactVersion] = []
    private(set) var writtenAt: [Int64] = []
    private(set) var templates: [UInt8] = []
    private(set) var bytes = 0

    var count: Int { keys.count }

    func append(key: Int, version: CompactVersion, at time: Int64, template: Int, bytes rowBytes: Int) {
        keys.append(Int32(truncatingIfNeeded: key))
        versions.append(version)
        writtenAt.append(time)
        templates.append(UInt8(truncatingIfNeeded: template))
        bytes += rowBytes
    }
}

/// One origin's cohorts: the one still open per (peer, tier), and every cohort handed to a
/// batcher until its batch is acknowledged (a failed batch is resent with its cohorts).
struct CohortLedger {
    /// By the changelog sequence number the cohort's change carries.
    private var cohorts: [Int64: WriteCohort] = [:]
    /// `[peer][tier]`: the sequence of the cohort still accepting writes.
    private var open: [[Int64?]]
    private var nextSequence: Int64 = 0

    init(peers: Int, tiers: Int) {
        open = Array(repeating: Array(repeating: nil, count: tiers), count: peers)
    }

    /// The open cohort for the peer and tier, if its change is still queued.
    func openCohort(peer: Int, tier: Int) -> WriteCohort? {
        open[peer][tier].flatMap { cohorts[$0] }
    }

    /// Starts a cohort and returns it with the sequence its change must carry.
    mutating func startCohort(peer: Int, tier: Int) -> (sequence: Int64, cohort: WriteCohort) {
        nextSequence += 1
        let cohort = WriteCohort()
        cohorts[nextSequence] = cohort
        open[peer][tier] = nextSequence
        return (nextSequence, cohort)
    }

    /// The batch was cut: its cohorts stop accepting writes.
    mutating func sealed(_ batch: OutboundBatch, peer: Int, tier: Int) {
        if let sequence = open[peer][tier], batch.sequences.contains(sequence) { open[peer][tier] = nil }
    }

    func cohort(_ sequence: Int64) -> WriteCohort? { cohorts[sequence] }

    /// The batch was acknowledged: its cohorts are delivered for good.
    mutating func release(_ batch: OutboundBatch) {
        for change in batch.changes { cohorts[change.sequence] = nil }
    }

    /// Every cohort still queued, in flight or open, and its writes.
    var pending: Dictionary<Int64, WriteCohort>.Values { cohorts.values }
}
