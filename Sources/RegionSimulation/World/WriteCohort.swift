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

    /// Empties the cohort for reuse, keeping its storage: a day's logs-tier cohorts are
    /// large, and allocating them afresh every batch costs page faults and regrowth.
    func removeAll() {
        writes.removeAll(keepingCapacity: true)
        fresh.removeAll(keepingCapacity: true)
    }

    func append(key: Int, version: CompactVersion, at time: Int64, template: Int) {
        writes.append(Write(
            key: Int32(truncatingIfNeeded: key), template: UInt8(truncatingIfNeeded: template), version: version, writtenAt: time))
    }
}
