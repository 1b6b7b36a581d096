import RegionCore

/// The writes one origin captured for one peer and tier between two batch cuts.
///
/// The batcher sees a cohort as one queued change (so batching decisions cost one call per
/// batch, not per write). The cohort carries the individually tracked writes (conflicting
/// keys and their pool) one by one, and the fresh rows by reference: the span of entries
/// of the origin's ledger (`OriginWrites`, one entry per load step and template) taken
/// while it was open. Every entry of the span whose template is of the cohort's tier and
/// is shipped to its peer belongs to it, since the cohort was the open one meanwhile. The
/// receiver re-checks residency, merges and measures each entry, weighting lags by row
/// counts. A reference type because the shell keeps appending to the open cohort after
/// handing its change to the batcher.
final class WriteCohort {
    /// One write as the cohort carries it.
    struct Write {
        var key: Int32
        var template: UInt8
        var version: CompactVersion
        var writtenAt: Int64
    }

    private(set) var writes: [Write] = []
    /// Ledger entries of the fresh rows taken, first to last; nil when none.
    private(set) var freshEntries: ClosedRange<Int>?
    /// Fresh rows the receiver's residency re-check refuses: known when they are taken,
    /// since the re-check depends only on the template, sender and receiver.
    private(set) var refusedFreshRows = 0
    /// The origin's HLC of the newest fresh rows the receiver admits (0 when none).
    private(set) var newestAdmittedFreshHLC: UInt64 = 0

    /// Takes the fresh rows of ledger entries (of one load step, or later than those taken
    /// before), stamped with the origin's HLC after their step: `refusedRows` of them the
    /// receiver's re-check refuses, and `admittedHLC` is that HLC when it admits any.
    func takeFresh(entries: ClosedRange<Int>, refusedRows: Int, admittedHLC: UInt64?) {
        freshEntries = (freshEntries?.lowerBound ?? entries.lowerBound)...entries.upperBound
        refusedFreshRows += refusedRows
        if let admittedHLC { newestAdmittedFreshHLC = max(newestAdmittedFreshHLC, admittedHLC) }
    }

    func append(key: Int, version: CompactVersion, at time: Int64, template: Int) {
        writes.append(Write(
            key: Int32(truncatingIfNeeded: key), template: UInt8(truncatingIfNeeded: template), version: version, writtenAt: time))
    }

    /// Empties the cohort for reuse, keeping its storage (see `SpareCohorts`).
    func removeAll() {
        writes.removeAll(keepingCapacity: true)
        freshEntries = nil
        refusedFreshRows = 0
        newestAdmittedFreshHLC = 0
    }
}
