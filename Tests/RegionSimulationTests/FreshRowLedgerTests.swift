import Testing
@testable import RegionSimulation

@Suite("Fresh-row ledger and cohorts")
struct FreshRowLedgerTests {
    /// Origin 0 with 2 templates; template 0 is kept by regions 0 and 1, template 1 by 0 and 2.
    private func ledger() -> OriginWrites {
        OriginWrites(origin: 0, templates: 2, fullMask: [0b011, 0b101], steps: 8)
    }

    @Test("a region receives an entry's rows once; empty and unknown entries deliver nothing")
    func deliverOnce() {
        var writes = ledger()
        writes.append(step: 0, rows: [3, 0][...], hlc: 10)
        writes.append(step: 2, rows: [0, 5][...], hlc: 30)
        #expect(writes.deliver(entry: writes.entry(step: 0, template: 0), to: 1) == 3)
        #expect(writes.deliver(entry: writes.entry(step: 0, template: 0), to: 1) == 0)
        #expect(writes.deliver(entry: writes.entry(step: 0, template: 1), to: 2) == 0)
        #expect(writes.deliver(entry: writes.entry(step: 1, template: 1), to: 2) == 0)
        #expect(writes.deliver(entry: writes.entry(step: 2, template: 1), to: 2) == 5)
        #expect(writes.deliver(entry: writes.entry(step: 3, template: 0), to: 1) == 0)
    }

    @Test("steps every holder received are folded and stop being delivered")
    func folding() {
        var writes = ledger()
        writes.append(step: 0, rows: [3, 4][...], hlc: 10)
        writes.append(step: 1, rows: [1, 0][...], hlc: 20)
        _ = writes.deliver(entry: writes.entry(step: 0, template: 0), to: 1)
        writes.foldDelivered()
        #expect(writes.firstKeptEntry == writes.entry(step: 0, template: 0))
        _ = writes.deliver(entry: writes.entry(step: 0, template: 1), to: 2)
        writes.foldDelivered()
        #expect(writes.firstKeptEntry == writes.entry(step: 1, template: 0))
        #expect(writes.foldedRows == [3, 4])
        #expect(writes.deliver(entry: writes.entry(step: 0, template: 0), to: 2) == 0)
        #expect(writes.step(ofEntry: writes.entry(step: 1, template: 1)) == 1)
    }

    @Test("the ledger tells each kept step's HLC and entry rows; gaps and folded steps have none")
    func stepStamps() {
        var writes = ledger()
        writes.append(step: 0, rows: [3, 4][...], hlc: 10)
        writes.append(step: 2, rows: [0, 5][...], hlc: 30)
        #expect([0, 1, 2, 3].map(writes.hlc(ofStep:)) == [10, 0, 30, 0])
        #expect(writes.rows(entry: writes.entry(step: 2, template: 1)) == 5)
        #expect(writes.endOfKeptEntries == writes.entry(step: 3, template: 0))
        _ = writes.deliver(entry: writes.entry(step: 0, template: 0), to: 1)
        _ = writes.deliver(entry: writes.entry(step: 0, template: 1), to: 2)
        writes.foldDelivered()
        #expect(writes.hlc(ofStep: 0) == 0)
        #expect(writes.rows(entry: writes.entry(step: 0, template: 0)) == 0)
        #expect(writes.hlc(ofStep: 2) == 30)
    }

    @Test("a cohort's span runs from the step it opened at to the ledger's end at the cut, with the rows it refuses")
    func cohortSpan() {
        let cohort = WriteCohort()
        cohort.open(atEntry: 4)
        cohort.refuse(rows: 6)
        cohort.refuse(rows: 1)
        #expect(cohort.freshEntries == nil)
        #expect(!cohort.isSealed)
        cohort.seal(endEntry: 12, newestAdmittedHLC: 20)
        #expect(cohort.isSealed)
        #expect(cohort.freshEntries == 4...11)
        #expect(cohort.refusedFreshRows == 7)
        #expect(cohort.newestAdmittedFreshHLC == 20)
        cohort.removeAll()
        #expect(cohort.freshEntries == nil)
        #expect(!cohort.isSealed)
        #expect(cohort.refusedFreshRows == 0)
        #expect(cohort.newestAdmittedFreshHLC == 0)
    }

    @Test("a cohort cut before any step of its own was written carries no fresh rows")
    func emptySpan() {
        let cohort = WriteCohort()
        cohort.open(atEntry: 8)
        cohort.seal(endEntry: 8, newestAdmittedHLC: 0)
        #expect(cohort.freshEntries == nil)
    }

    @Test("an acknowledged cohort is reused emptied, unless something else still holds it")
    func spareCohorts() throws {
        var spare = SpareCohorts()
        var acknowledged: WriteCohort? = WriteCohort()
        acknowledged?.open(atEntry: 1)
        acknowledged?.seal(endEntry: 3, newestAdmittedHLC: 1)
        let recycled = try ObjectIdentifier(#require(acknowledged))
        spare.recycle(&acknowledged)
        let reused = spare.take()
        #expect(ObjectIdentifier(reused) == recycled)
        #expect(reused.freshEntries == nil)

        let stillTravelling = WriteCohort()
        var held: WriteCohort? = stillTravelling
        spare.recycle(&held)
        #expect(ObjectIdentifier(spare.take()) != ObjectIdentifier(stillTravelling))
    }
}
