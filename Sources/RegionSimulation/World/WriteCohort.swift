import RegionCore

/// The writes one origin captured for one peer and tier between two batch cuts.
///
/// The batcher sees a cohort as one queued change (so batching decisions cost one call per
/// batch, not per write). The cohort carries the individually tracked writes (conflicting
/// keys and their pool) one by one, and the fresh rows by reference: the span of entries
/// of the origin's ledger (`OriginWrites`, one entry per load step and template) written
/// while it was open. It opens at a load step and its span is sealed when the batcher cuts
/// it, so load steps never touch an open cohort: every entry of the span whose template is
/// of the cohort's tier and is shipped to its peer belongs to it, since the cohort was the
/// open one meanwhile. The receiver re-checks residency, merges and measures each entry,
/// weighting lags by row counts. A reference type because the shell keeps appending to the
/// open cohort after handing its change to the batcher.
final class WriteCohort {
    /// One write as the cohort carries it.
    struct Write {
        var key: Int32
        var template: UInt8
        var version: CompactVersion
        var writtenAt: Int64
    }

    private(set) var writes: [Write] = []
    /// The first ledger entry of the load step the cohort opened at.
    private(set) var firstFreshEntry = 0
    /// Ledger entries of the fresh rows, first to last; nil until sealed, or when none.
    private(set) var freshEntries: ClosedRange<Int>?
    /// Whether the cut fixed the span (the batch may be resent, the span stays).
    private(set) var isSealed = false
    /// Fresh rows the receiver's residency re-check refuses: known when they are written,
    /// since the re-check depends only on the template, sender and receiver.
    private(set) var refusedFreshRows = 0
    /// The origin's HLC of the newest fresh rows the receiver admits (0 when none).
    private(set) var newestAdmittedFreshHLC: UInt64 = 0

    /// The cohort opens at the load step whose ledger entries start at `entry`.
    func open(atEntry entry: Int) { firstFreshEntry = entry }

    /// Counts fresh rows written while open that the receiver will refuse.
    func refuse(rows: Int) { refusedFreshRows += rows }

    /// The cut: the span ends before `endEntry` (the origin's ledger end at the cut), and
    /// `newestAdmittedHLC` is the origin's HLC of the newest step in it the receiver admits.
    func seal(endEntry: Int, newestAdmittedHLC: UInt64) {
        isSealed = true
        freshEntries = endEntry > firstFreshEntry ? firstFreshEntry...(endEntry - 1) : nil
        newestAdmittedFreshHLC = newestAdmittedHLC
    }

    func append(key: Int, version: CompactVersion, at time: Int64, template: Int) {
        writes.append(Write(
            key: Int32(truncatingIfNeeded: key), template: UInt8(truncatingIfNeeded: template), version: version, writtenAt: time))
    }

    /// Empties the cohort for reuse, keeping its storage (see `SpareCohorts`).
    func removeAll() {
        writes.removeAll(keepingCapacity: true)
        firstFreshEntry = 0
        freshEntries = nil
        isSealed = false
        refusedFreshRows = 0
        newestAdmittedFreshHLC = 0
    }
}
