/// The fresh rows one region wrote, in aggregate: per load step and row template, how many
/// rows, and which regions hold them so far (a bit per region index, the origin's always set).
///
/// Fresh rows are written once and never conflict, so they need no key or version each:
/// a count per step and template tells everything the metrics ask (who holds them, how
/// late they arrived). Steps every holder has received are folded into per-template
/// totals, so memory grows with what is still undelivered, not with the run's length.
struct OriginWrites {
    let origin: Int
    let templates: Int
    /// `[template]`: the regions that receive and keep this origin's rows of the template
    /// (the residency routing ships there and the receiver admits them), plus the origin.
    let fullMask: [UInt64]

    /// Step number of the first step still kept.
    private(set) var firstStep = 0
    /// Steps kept, `templates` entries each: row counts and holder masks.
    private var counts: [UInt32] = []
    private var held: [UInt64] = []
    /// One per step kept (after `dropped / templates` folded ones): the origin's HLC that
    /// stamped the step's rows (0 for a step without rows).
    private var stepHLCs: [UInt64] = []
    /// Leading entries of `counts`/`held` already folded (dropped lazily in chunks).
    private var dropped = 0
    /// `[template]`: rows of folded steps, every one held by all of `fullMask`.
    private(set) var foldedRows: [Int]

    /// - Parameter steps: load steps to reserve storage for at once: an outage keeps every
    ///   step since it began, and growing by copies would move megabytes again and again;
    ///   memory pages are only touched as far as kept steps reach.
    init(origin: Int, templates: Int, fullMask: [UInt64], steps: Int = 0) {
        self.origin = origin
        self.templates = templates
        self.fullMask = fullMask
        foldedRows = Array(repeating: 0, count: templates)
        counts.reserveCapacity(steps * templates)
        held.reserveCapacity(steps * templates)
        stepHLCs.reserveCapacity(steps)
    }

    var nextStep: Int { firstStep + (counts.count - dropped) / max(templates, 1) }

    /// Records one load step's fresh rows (`rows[template]`), stamped with the origin's
    /// HLC `hlc`; steps must come in order.
    mutating func append(step: Int, rows: ArraySlice<UInt32>, hlc: UInt64) {
        if counts.count == dropped { firstStep = step }
        while nextStep < step { appendEmptyStep() }
        counts.append(contentsOf: rows)
        appendOriginHolds()
        stepHLCs.append(hlc)
    }

    private mutating func appendEmptyStep() {
        for _ in 0..<templates { counts.append(0) }
        appendOriginHolds()
        stepHLCs.append(0)
    }

    /// One step of holder masks naming only the origin (a plain loop: appending a
    /// `repeatElement` goes through the generic slow path, once per origin and load step).
    private mutating func appendOriginHolds() {
        let originBit = UInt64(1) << UInt64(origin)
        for _ in 0..<templates { held.append(originBit) }
    }

    /// The ledger index of a step's template: cohorts name their fresh rows by it.
    func entry(step: Int, template: Int) -> Int { step * templates + template }

    /// The load step of a ledger index.
    func step(ofEntry entry: Int) -> Int { entry / max(templates, 1) }

    /// The ledger index of the first entry still kept (earlier ones are folded: every holder has them).
    var firstKeptEntry: Int { firstStep * templates }

    /// The ledger index just past the last entry kept.
    var endOfKeptEntries: Int { firstKeptEntry + counts.count - dropped }

    /// The rows of a ledger entry (0 once folded or not yet written).
    func rows(entry: Int) -> UInt32 {
        guard entry >= firstKeptEntry, entry < endOfKeptEntries else { return 0 }
        return counts[dropped + entry - firstKeptEntry]
    }

    /// The HLC that stamped a step's rows (0 once folded, not yet written, or without rows).
    func hlc(ofStep step: Int) -> UInt64 {
        guard step >= firstStep, step < nextStep else { return 0 }
        return stepHLCs[dropped / max(templates, 1) + step - firstStep]
    }

    /// `region` received the rows of a ledger entry: how many it did not hold yet.
    mutating func deliver(entry: Int, to region: Int) -> UInt32 {
        guard entry >= firstKeptEntry, entry < endOfKeptEntries else { return 0 }
        let index = dropped + entry - firstKeptEntry
        let bit = UInt64(1) << UInt64(region)
        guard counts[index] > 0, held[index] & bit == 0 else { return 0 }
        held[index] |= bit
        return counts[index]
    }

    /// Folds leading steps every holder has received.
    mutating func foldDelivered() {
        while dropped < counts.count {
            for template in 0..<templates
            where counts[dropped + template] > 0 && held[dropped + template] & fullMask[template] != fullMask[template] { return }
            for template in 0..<templates { foldedRows[template] += Int(counts[dropped + template]) }
            dropped += templates
            firstStep += 1
        }
        if dropped > 4_096 * templates {
            counts.removeFirst(dropped)
            held.removeFirst(dropped)
            stepHLCs.removeFirst(dropped / max(templates, 1))
            dropped = 0
        }
    }

    /// Every kept (step, template) with rows: its row count and holder mask.
    func forEachKept(_ body: (_ template: Int, _ rows: Int, _ held: UInt64) -> Void) {
        var index = dropped
        while index < counts.count {
            for template in 0..<templates where counts[index + template] > 0 {
                body(template, Int(counts[index + template]), held[index + template])
            }
            index += templates
        }
    }
}
