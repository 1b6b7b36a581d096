/// A pool of emptied `WriteCohort`s: a run cuts a batch every 200 ms on each critical link
/// and keeps minutes of rows in a logs-tier cohort, so reusing their storage saves an
/// allocation, its page faults and its regrowth per batch.
struct SpareCohorts {
    /// Enough for every link's open and in-flight cohorts of a typical deployment.
    static let capacity = 128

    private var spare: [WriteCohort] = []

    /// An empty cohort, reused when one is spare.
    mutating func take() -> WriteCohort { spare.popLast() ?? WriteCohort() }

    /// Takes an acknowledged cohort for reuse, unless something else still holds it (a
    /// resent copy of its batch may still be travelling).
    mutating func recycle(_ cohort: inout WriteCohort?) {
        guard spare.count < Self.capacity, var reusable = cohort.take(), isKnownUniquelyReferenced(&reusable) else { return }
        reusable.removeAll()
        spare.append(reusable)
    }
}
