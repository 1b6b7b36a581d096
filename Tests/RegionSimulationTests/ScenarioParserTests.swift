import Testing
import RegionCore
@testable import RegionSimulation

@Suite("Scenario files")
struct ScenarioParserTests {
    private func scenario(_ body: String) -> String {
        """
        name: broken
        seed: 1
        duration: 10m
        config: \(Repository.regionsYAML)
        \(body)
        """
    }

    /// Loads `text` and returns the locations of the errors, as `LINE:COLUMN` strings.
    private func errorLocations(_ text: String) throws -> [String] {
        try withScenarioFile(text) { path in
            do {
                _ = try ScenarioParser.standard.load(path: path)
                return []
            } catch let error as ScenarioLoadError {
                return error.locations.map { "\($0.line):\($0.column)" }
            }
        }
    }

    @Test("the example scenario reads completely")
    func readsSeoulOutage() throws {
        let scenario = try ScenarioParser.standard.load(path: Repository.scenarioPath("seoul-outage"))
        #expect(scenario.name == "seoul-outage")
        #expect(scenario.seed == 42)
        #expect(scenario.duration == .seconds(7200))
        #expect(scenario.network.oneWayLatency("seoul", "tokyo") == .milliseconds(16))
        #expect(scenario.network.oneWayLatency("tokyo", "frankfurt") == .milliseconds(60))
        #expect(scenario.load.writesPerSecond["seoul"] == 70)
        #expect(scenario.events.count == 2)
        #expect(scenario.expectations.count == 12)
    }

    @Test("an unknown key is reported at the key")
    func unknownKey() throws {
        #expect(try errorLocations(scenario("dns: { apply_delay: 5s }\nlaod:\n  conflict_rate: 0.1")) == ["6:1"])
    }

    @Test("a duration without a unit is reported at the value")
    func badDuration() throws {
        #expect(try errorLocations(scenario("events:\n  - { at: 10, region_down: seoul }")) == ["6:11"])
    }

    @Test("an unknown region is reported where it is named")
    func unknownRegion() throws {
        #expect(try errorLocations(scenario("events:\n  - { at: 10m, region_down: osaka }")) == ["6:29"])
    }

    @Test("an unknown tier in lag expectations is reported at the tier")
    func unknownTier() throws {
        #expect(try errorLocations(scenario("expect:\n  lag_p99_s: { critcal: { max: 5 } }")) == ["6:16"])
    }

    @Test("malformed YAML is reported with its position")
    func notYAML() throws {
        let locations = try errorLocations("name: [unclosed\nseed: 1\n")
        #expect(locations.count == 1)
    }

    @Test("every shipped scenario file is valid", arguments: Repository.shippedScenarios)
    func shippedFilesParse(name: String) throws {
        let scenario = try ScenarioParser.standard.load(path: Repository.scenarioPath(name))
        #expect(scenario.name == name)
        #expect(!scenario.expectations.isEmpty)
    }
}
