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
        writes.append(step: 0, rows: [3, 0][...])
        writes.append(step: 2, rows: [0, 5][...])
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
        writes.append(step: 0, rows: [3, 4][...])
        writes.append(step: 1, rows: [1, 0][...])
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

    @Test("a cohort spans the entries it took, counts refused rows and keeps the newest admitted HLC")
    func cohortSpan() {
        let cohort = WriteCohort()
        #expect(cohort.freshEntries == nil)
        cohort.takeFresh(entries: 4...4, refusedRows: 0, admittedHLC: 10)
        cohort.takeFresh(entries: 7...7, refusedRows: 6, admittedHLC: nil)
        cohort.takeFresh(entries: 9...11, refusedRows: 1, admittedHLC: 20)
        #expect(cohort.freshEntries == 4...11)
        #expect(cohort.refusedFreshRows == 7)
        #expect(cohort.newestAdmittedFreshHLC == 20)
        cohort.removeAll()
        #expect(cohort.freshEntries == nil)
        #expect(cohort.refusedFreshRows == 0)
        #expect(cohort.newestAdmittedFreshHLC == 0)
    }

    @Test("an acknowledged cohort is reused emptied, unless something else still holds it")
    func spareCohorts() throws {
        var spare = SpareCohorts()
        var acknowledged: WriteCohort? = WriteCohort()
        acknowledged?.takeFresh(entries: 1...1, refusedRows: 0, admittedHLC: 1)
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
