import Testing
import RegionCore
@testable import RegionSimulation

@Suite("Rerouting")
struct ReroutingTests {
    @Test("reroute lasts until a resolver that cached the old answer just before the change has let it expire")
    func rerouteCoversTheWorstCaseResolver() throws {
        for seed in UInt64(1)...4 {
            let scenario = try ScenarioParser.standard.load(path: Repository.scenarioPath("demo-seoul-outage")).withSeed(seed)
            let result = try Simulator.run(scenario)
            let outage = try #require(result.outages.first { $0.region == "seoul" })
            let published = try #require(result.timeline.first { $0.kind == .dns && $0.region == "seoul" && $0.text.contains("out of DNS") })
            let rerouted = try #require(outage.reroutedMilliseconds)
            let ttl = scenario.config.service.ttl.milliseconds
            #expect(rerouted >= published.atMilliseconds - 1 + ttl)
            #expect(rerouted <= published.atMilliseconds + ttl)
        }
    }
}
