import Testing
import RegionCore
@testable import RegionSimulation

@Suite("Shipped scenarios")
struct ShippedScenarioTests {
    @Test("every shipped scenario meets its own expectations", arguments: Repository.shippedScenarios)
    func scenarioPasses(name: String) throws {
        let scenario = try ScenarioParser.standard.load(path: Repository.scenarioPath(name)).scaledLoad(0.1)
        let result = try Simulator.run(scenario)
        let failures = result.expectations.filter { !$0.ok }.map { "\($0.name): \($0.value) (required \($0.limit))" }
        #expect(failures.isEmpty, "\(name): \(failures.joined(separator: "; "))")
        #expect(result.totalWrites > 0)
    }

    @Test("the same seed gives a bit-identical JSON report; another seed does not")
    func deterministic() throws {
        let scenario = try ScenarioParser.standard.load(path: Repository.scenarioPath("seoul-outage")).scaledLoad(0.05)
        let first = JSONReport.render(try Simulator.run(scenario))
        let second = JSONReport.render(try Simulator.run(scenario))
        let other = JSONReport.render(try Simulator.run(scenario.withSeed(scenario.seed + 1)))
        #expect(first == second)
        #expect(first != other)
    }

    @Test("Monte-Carlo runs come back in seed order and match single runs")
    func monteCarloMatchesSingleRuns() async throws {
        var scenario = try ScenarioParser.standard.load(path: Repository.scenarioPath("planned-drain")).scaledLoad(0.05)
        scenario.duration = .seconds(900)
        let results = try await Simulator.monteCarlo(scenario, runs: 3, parallelism: 2)
        #expect(results.map(\.seed) == [scenario.seed, scenario.seed + 1, scenario.seed + 2])
        let single = try Simulator.run(scenario.withSeed(scenario.seed + 1))
        #expect(JSONReport.render(results[1]) == JSONReport.render(single))
        let summary = MonteCarloSummary(results)
        #expect(summary.runs == 3)
        #expect(summary.distributions.contains { $0.metric == "lag_p99_s.critical" })
    }

    @Test("the HTML report is self-contained and draws every region lane")
    func htmlReport() throws {
        let scenario = try ScenarioParser.standard.load(path: Repository.scenarioPath("seoul-outage")).scaledLoad(0.05)
        let html = HTMLReport.render(try Simulator.run(scenario))
        #expect(html.contains("<svg"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("http://") || html.contains("xmlns=\"http://www.w3.org/2000/svg\""))
        for region in ["seoul", "singapore", "tokyo", "frankfurt"] { #expect(html.contains(">\(region)</text>")) }
    }
}
