import Testing
import RegionCore
@testable import RegionSimulation

@Suite("Write draws per load step")
struct WriteDrawTests {
    @Test("a reused Poisson draw has the mean and variance of its distribution", arguments: [0.05, 1.75, 7.0, 45.0])
    func poissonDrawMoments(mean: Double) {
        var random = SimulationRandom(seed: 11)
        let draw = PoissonDraw(mean: mean)
        let samples = (0..<40_000).map { _ in Double(random.poisson(draw)) }
        let average = samples.reduce(0, +) / Double(samples.count)
        let variance = samples.reduce(0) { $0 + ($1 - average) * ($1 - average) } / Double(samples.count - 1)
        #expect(abs(average - mean) < 0.03 * mean + 0.01)
        #expect(abs(variance - mean) < 0.06 * mean + 0.01)
    }

    @Test("a draw of mean zero never happens")
    func poissonDrawOfZero() {
        var random = SimulationRandom(seed: 3)
        let draws = (0..<1_000).map { _ in random.poisson(PoissonDraw.never) }
        #expect(draws.allSatisfy { $0 == 0 })
    }

    @Test("resolver shares split a geo's queries by the answers cached and their weights")
    func routeShares() {
        let indexOf: [RegionName: Int] = ["seoul": 0, "singapore": 1, "tokyo": 2]
        let weighted = [WeightedRegion(region: "singapore", weight: 3), WeightedRegion(region: "tokyo", weight: 1)]
        var group = ResolverGroup(geo: "SEA", count: 4, initial: weighted, indexOf: indexOf)
        #expect(group.routeShares(regions: 3) == [0, 0.75, 0.25])

        let moved = DesiredDNSState(geos: [GeoAnswer(geo: "SEA", regions: [WeightedRegion(region: "seoul", weight: 100)])])
        let provider = SimulatedDNSProvider(applyDelay: .zero, initial: moved)
        let changed = [group.refresh(resolver: 0, from: provider), group.refresh(resolver: 0, from: provider)]
        #expect(changed == [true, false])
        #expect(group.routeShares(regions: 3) == [0.25, 0.5625, 0.1875])
    }

    @Test("the mixes of a home split its mean over serving regions and kinds of write, and add up to it")
    func mixesAddUp() throws {
        let scenario = try ScenarioParser.standard.load(path: Repository.scenarioPath("seoul-outage"))
        let regions = scenario.config.voterNames
        let policy = ResidencyPolicy(config: scenario.config)
        let catalog = RowCatalog(
            config: scenario.config, policy: policy, classNames: scenario.load.classes.map(\.name), homes: regions.count,
            keysPerRegion: scenario.load.keysPerRegion)
        let plan = LoadPlan(scenario: scenario, regions: regions, catalog: catalog, policy: policy)
        let home = try #require(regions.firstIndex(of: "seoul"))
        let shares = plan.templateShares(home: home, catalog: catalog)
        #expect(abs(shares.reduce(0, +) - 1) < 1e-12)

        let mixes = WriteMix.mixes(home: home, routeShares: [0.5, 0.25, 0.25, 0], loadPlan: plan, templateShares: shares, trackedShare: 1.0 / 16)
        #expect(mixes.map(\.target) == [0, 1, 2])
        let perStep = plan.meanPerStep[home]
        #expect(abs(mixes.reduce(0) { $0 + $1.all.mean } - perStep) < 1e-9)
        for mix in mixes {
            let kinds = mix.conflicting.mean + mix.tracked.mean + mix.fresh.reduce(0) { $0 + $1.draw.mean }
            #expect(abs(kinds - mix.all.mean) < 1e-9)
        }
    }
}
