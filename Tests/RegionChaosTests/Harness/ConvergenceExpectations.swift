import Testing

extension ConvergenceReport {
    /// Records the report's findings as test issues: no acknowledged write lost, no
    /// acknowledged delete undone (resurrected row), no row where its residency class
    /// forbids, and regions identical for what they may hold.
    func expectNothingLost() {
        #expect(lost.isEmpty, "acknowledged writes lost: \(self)")
        #expect(duplicates.isEmpty, "changes applied twice or undone: \(self)")
        #expect(residencyViolations.isEmpty, "residency violated: \(self)")
        #expect(divergent.isEmpty, "regions differ: \(self)")
    }
}
