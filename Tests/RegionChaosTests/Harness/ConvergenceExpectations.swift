import Testing

extension ConvergenceReport {
    /// Records the report's findings as test issues: no acknowledged write lost, no row
    /// where its residency class forbids, regions identical. Deletes undone after a
    /// backlog is delivered (resurrected rows) are a known product bug these suites
    /// reproduce intermittently: recorded as a known issue, and still counted in the
    /// figures, until it is fixed.
    func expectNothingLost() {
        #expect(lost.isEmpty, "acknowledged writes lost: \(self)")
        #expect(residencyViolations.isEmpty, "residency violated: \(self)")
        #expect(divergent.isEmpty, "regions differ: \(self)")
        withKnownIssue("acknowledged deletes undone in a peer region (resurrected rows); reproducer in the chaos3 report", isIntermittent: true) {
            #expect(duplicates.isEmpty, "\(self)")
        }
    }
}
