import RegionCore

/// What the users homed in each region write: how many writes per load step, and which
/// residency classes and tiers (only classes their home region may hold).
struct LoadPlan {
    /// Writes per load step per home region.
    let meanPerStep: [Double]
    /// Cumulative class shares per home region, over `RowCatalog.classNames`.
    let classCumulative: [[Double]]
    /// Cumulative tier shares over the config's tiers.
    let tierCumulative: [Double]
    let conflictRate: Double

    init(scenario: Scenario, regions: [RegionName], catalog: RowCatalog, policy: ResidencyPolicy) {
        let stepsPerSecond = 1000.0 / Double(SimulationRun.loadStepMilliseconds)
        meanPerStep = regions.map { (scenario.load.writesPerSecond[$0] ?? 0) / stepsPerSecond }
        let shares = scenario.load.classes.isEmpty
            ? catalog.classNames.map { _ in 1.0 / Double(max(1, catalog.classNames.count)) }
            : scenario.load.classes.map(\.share)
        classCumulative = regions.map { home in
            let allowed = zip(catalog.classNames, shares).map { name, share in
                policy.allows(className: name, region: home) ? share : 0
            }
            return Self.cumulative(allowed)
        }
        let tierShares = catalog.tierNames.map { name in
            scenario.load.tiers.isEmpty ? 1.0 : scenario.load.tiers.first { $0.name == name }?.share ?? 0
        }
        tierCumulative = Self.cumulative(tierShares)
        conflictRate = scenario.load.conflictRate
    }

    /// Normalised running sums; empty when every share is zero.
    private static func cumulative(_ shares: [Double]) -> [Double] {
        let total = shares.reduce(0, +)
        guard total > 0 else { return [] }
        var sum = 0.0
        return shares.map { share in
            sum += share / total
            return sum
        }
    }

    /// Per template (`classIndex * tiers + tierIndex`), the share of `home`'s writes that
    /// `pick` gives it; templates no table can hold get none, as their writes are dropped.
    func templateShares(home: Int, catalog: RowCatalog) -> [Double] {
        let classShares = Self.shares(classCumulative[home])
        let tierShares = Self.shares(tierCumulative)
        return catalog.templates.indices.map { template in
            let (classIndex, tierIndex) = template.quotientAndRemainder(dividingBy: max(1, catalog.tierNames.count))
            guard catalog.rowBytes[template] != nil, classIndex < classShares.count, tierIndex < tierShares.count else { return 0 }
            return classShares[classIndex] * tierShares[tierIndex]
        }
    }

    /// The probabilities `pick` gives each index of `cumulative`.
    private static func shares(_ cumulative: [Double]) -> [Double] {
        cumulative.indices.map { index in
            let upper = index == cumulative.count - 1 ? 1 : cumulative[index]
            return max(0, upper - (index == 0 ? 0 : cumulative[index - 1]))
        }
    }

    static func pick(_ cumulative: [Double], _ random: inout SimulationRandom) -> Int? {
        guard !cumulative.isEmpty else { return nil }
        let draw = random.nextUnit()
        return cumulative.firstIndex { draw < $0 } ?? cumulative.count - 1
    }
}
