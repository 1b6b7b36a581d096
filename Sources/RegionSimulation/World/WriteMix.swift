/// What the users homed in one region write in one load step through one serving region,
/// as independent Poisson counts per kind of write.
///
/// A home's writes per step are Poisson; each write independently lands on a serving
/// region (by its resolver's cached answer), attempts a conflict, is tracked key by key
/// or is a fresh row of a template. Splitting a Poisson process by independent choices
/// gives independent Poisson processes (thinning), so drawing one count per kind is the
/// same distribution as drawing every write's choices one by one, at a cost per step and
/// kind instead of per write.
struct WriteMix {
    /// Region index the writes land on.
    let target: Int
    /// Every write landing there (counted as failed while the region is down).
    let all: PoissonDraw
    /// Writes to a key another region wrote recently (falling back to an ordinary write
    /// when there is none this region may hold).
    let conflicting: PoissonDraw
    /// Ordinary writes given a key of their own (class and tier drawn per write).
    let tracked: PoissonDraw
    /// Ordinary fresh rows, per template with a non-zero share.
    let fresh: [(template: Int, draw: PoissonDraw)]

    /// The mixes of one home: one per region its users' queries land on.
    static func mixes(
        home: Int, routeShares: [Double], loadPlan: LoadPlan, templateShares: [Double], trackedShare: Double
    ) -> [WriteMix] {
        let perStep = loadPlan.meanPerStep[home]
        guard perStep > 0 else { return [] }
        let conflictRate = max(0, min(1, loadPlan.conflictRate))
        return routeShares.enumerated().compactMap { target, share in
            guard share > 0 else { return nil }
            let landing = perStep * share
            let ordinary = landing * (1 - conflictRate)
            return WriteMix(
                target: target, all: PoissonDraw(mean: landing), conflicting: PoissonDraw(mean: landing * conflictRate),
                tracked: PoissonDraw(mean: ordinary * trackedShare),
                fresh: templateShares.enumerated().compactMap { template, templateShare in
                    templateShare > 0 ? (template, PoissonDraw(mean: ordinary * (1 - trackedShare) * templateShare)) : nil
                })
        }
    }
}
