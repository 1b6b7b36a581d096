import Testing
import RegionCore
@testable import RegionSimulation

@Suite("Simulated data plane")
struct DataPlaneTests {
    @Test("compact versions order exactly as Version does (hlc, then origin name)")
    func compactOrderMatchesVersionOrder() {
        let regions: [RegionName] = ["tokyo", "seoul", "frankfurt", "singapore"]
        let ranks = OriginRanks(regions: regions)
        var random = SimulationRandom(seed: 11)
        for _ in 0..<2_000 {
            let a = (hlc: UInt64(1 + random.below(4)), origin: random.below(regions.count))
            let b = (hlc: UInt64(1 + random.below(4)), origin: random.below(regions.count))
            let versions = [a, b].map { Version(hlc: HLC(rawValue: $0.hlc), origin: regions[$0.origin]) }
            let compact = [a, b].map { CompactVersion(hlc: $0.hlc, originRank: ranks.rankOf[$0.origin]) }
            #expect((versions[0] < versions[1]) == (compact[0] < compact[1]))
            #expect((versions[0] == versions[1]) == (compact[0] == compact[1]))
        }
    }

    @Test("a new local write follows Version.next: after the clock and after the row's previous version")
    func nextVersionRule() {
        let previous = CompactVersion(hlc: HLC(physicalMilliseconds: 5_000).rawValue, originRank: 2)
        let behind = CompactVersion.next(previous: previous, now: HLC(physicalMilliseconds: 4_000), originRank: 0)
        let expected = Version.next(
            previous: Version(hlc: HLC(rawValue: previous.hlc), origin: "b"), now: HLC(physicalMilliseconds: 4_000), origin: "a")
        #expect(behind.hlc == expected.hlc.rawValue)
        #expect(behind > previous)
        let fresh = CompactVersion.next(previous: .absent, now: HLC(physicalMilliseconds: 4_000), originRank: 0)
        #expect(fresh.hlc == HLC(physicalMilliseconds: 4_000).rawValue)
    }

    @Test("a region lost for good takes the writes it had not shipped with it, and the run says so")
    func lostRegionLosesUnshippedWrites() throws {
        let text = """
            name: seoul-lost
            seed: 5
            duration: 20m
            config: \(Repository.regionsYAML)
            load:
              writes_per_second: { seoul: 20, singapore: 5, tokyo: 5 }
              classes: { global: 1.0 }
            events:
              - { at: 10m, region_down: seoul }
            expect:
              lost_writes: 0
            """
        let result = try withScenarioFile(text) { path in try Simulator.run(try ScenarioParser.standard.load(path: path)) }
        #expect(result.metrics.lostWrites > 0)
        #expect(result.metrics.writesAtRiskMax >= result.metrics.lostWrites)
        #expect(!result.passed)
    }

    @Test("without faults every write converges, nothing is lost and no row leaves its residency")
    func quietRunConverges() throws {
        let text = """
            name: quiet
            seed: 9
            duration: 10m
            config: \(Repository.regionsYAML)
            load:
              writes_per_second: { seoul: 30, singapore: 10, tokyo: 10 }
              conflict_rate: 0.05
              classes: { global: 0.6, kr-personal: 0.3, gdpr: 0.1 }
            expect:
              lost_writes: 0
              converged: true
              residency_violations: 0
            """
        let result = try withScenarioFile(text) { path in try Simulator.run(try ScenarioParser.standard.load(path: path)) }
        #expect(result.passed)
        #expect(result.metrics.conflicts > 0)
        #expect(result.totalWrites > 20_000)
    }

    @Test("detection time varies with the seed: each agent's probe rounds start at a phase of their own")
    func detectionSpreadsAcrossSeeds() async throws {
        var scenario = try ScenarioParser.standard.load(path: Repository.scenarioPath("seoul-outage")).scaledLoad(0.02)
        scenario.duration = .seconds(1_200)
        scenario.events = scenario.events.filter { $0.at < .seconds(1_200) }
        let results = try await Simulator.monteCarlo(scenario, runs: 6, parallelism: 2)
        let detections = Set(results.compactMap(\.metrics.detectionSeconds))
        #expect(detections.count > 2)
    }

    @Test("the HTML report has a DNS lane per geo and keeps its legend below the chart")
    func htmlDNSLanes() throws {
        let scenario = try ScenarioParser.standard.load(path: Repository.scenarioPath("seoul-outage")).scaledLoad(0.02)
        let result = try Simulator.run(scenario)
        let html = HTMLReport.render(result)
        for geo in ["KR", "SEA", "JP", "EU"] { #expect(html.contains(">DNS \(geo)</text>")) }
        #expect(result.geoResolution.contains { $0.geo == "KR" && $0.regions != ["seoul"] })
        #expect(result.geoResolution.filter { $0.geo == "KR" }.first?.regions == ["seoul"])
    }

    @Test("a store holds nothing until written, merges last-write-wins, and lists what it holds in key order")
    func storePages() {
        var store = RegionStore(keyCount: 10_000)
        #expect(store[9_999] == .absent)
        let older = CompactVersion(hlc: 10, originRank: 1)
        let newer = CompactVersion(hlc: 20, originRank: 0)
        store.write(9_000, older)
        let replaced = [store.apply(9_000, newer), store.apply(9_000, older), store.apply(3, older)]
        #expect(replaced == [true, false, true])
        var held: [(Int, CompactVersion)] = []
        store.forEachHeld { held.append(($0, $1)) }
        #expect(held.map(\.0) == [3, 9_000])
        #expect(held.map(\.1) == [older, newer])
        #expect(store[4] == .absent)
    }
}
