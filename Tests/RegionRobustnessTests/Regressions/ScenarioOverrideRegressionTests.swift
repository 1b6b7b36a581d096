import Foundation
import RegionCore
import RegionSimulation
import Testing

/// Found by ScenarioFuzzTests' accepted-scenario invariants: `overrides:` accepted values
/// regions.yaml refuses (a 0s TTL or probe interval, recovery faster than failure, a geo
/// preferring nothing or a witness), so a rehearsal could run a deployment no agent would
/// start with. The overridden deployment is now held to the same rules.
struct ScenarioOverrideRegressionTests {
    let parser: ScenarioParser

    init() throws {
        let config = try RegionsConfigLoader.parse(yaml: try RepositoryFiles.text("regions.yaml"), file: "regions.yaml").config
        parser = ScenarioParser { _ throws(ScenarioLoadError) in config }
    }

    static func scenario(overrides: String) -> String {
        """
        name: override-check
        seed: 1
        duration: 1h
        config: ../regions.yaml
        overrides:
        \(overrides.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
        events:
          - { at: 10m, region_down: seoul }

        """
    }

    static let refused: [(overrides: String, line: Int, message: String)] = [
        ("ttl: 0s", 6, "'ttl' must be longer than 0s"),
        ("health: {interval: 0s}", 6, "'interval' must be longer than 0s"),
        ("health: {gossip_interval: 0ms, observation_ttl: 30s}", 6, "'gossip_interval' must be longer than 0s"),
        ("tiers: {critical: {batch_window: 0s}}", 6, "'batch_window' must be longer than 0s"),
        ("health: {recovery_threshold: 2}", 6, "recovery_threshold 2 must be larger than failure_threshold 3"),
        ("health: {observation_ttl: 3s}", 6, "observation_ttl 3s must exceed two gossip rounds"),
        ("geos: {KR: {preference: []}}", 6, "geo 'KR' must prefer at least one region"),
        ("regions: {tokyo: {role: witness, traffic: 0}}", 6, "geo 'KR' prefers 'tokyo', a witness after the overrides"),
    ]

    @Test(arguments: refused.indices)
    func overrideThatRegionsYAMLWouldRefuseIsRefused(_ index: Int) {
        let expected = Self.refused[index]
        do {
            _ = try parser.parse(Self.scenario(overrides: expected.overrides), file: "check.yaml", directory: "simulations")
            Issue.record("accepted overrides: \(expected.overrides)")
        } catch {
            guard case .invalid(let diagnostics) = error else {
                Issue.record("\(error)")
                return
            }
            let match = diagnostics.first { $0.message.contains(expected.message) }
            #expect(match != nil, "\(expected.overrides): \(diagnostics)")
            #expect(match?.location.line == expected.line)
        }
    }

    @Test func launchingARegionThroughOverridesStillWorks() throws {
        let text = try RepositoryFiles.text("simulations/frankfurt-launch.yaml")
        let scenario = try parser.parse(text, file: "frankfurt-launch.yaml", directory: "simulations")
        #expect(scenario.config.region("frankfurt")?.role == .secondary)
    }
}
