import RegionSimulation

/// The two workloads the issue sets targets for.
enum BenchScenarios {
    /// Four regions writing 100 times a second in total for a day, with an outage and a
    /// partition so failover and catch-up are part of the cost.
    static func day(root: String, hours: Int) throws(ScenarioLoadError) -> Scenario {
        let text = """
            name: bench-\(hours)h
            seed: 1
            duration: \(hours)h
            config: regions.yaml
            network:
              latency: { seoul-singapore: 35ms, seoul-tokyo: 16ms, singapore-tokyo: 35ms }
              default_latency: 60ms
              jitter: 5ms
              loss: 0.001
            load:
              writes_per_second: { seoul: 60, singapore: 20, tokyo: 10, frankfurt: 10 }
              conflict_rate: 0.01
              classes: { global: 0.8, kr-personal: 0.15, gdpr: 0.05 }
            events:
              - { at: \(hours * 15)m, region_down: seoul }
              - { at: \(hours * 15 + 30)m, region_up: seoul }
              - { at: \(hours * 30)m, partition: [[seoul], [singapore, tokyo, frankfurt]], for: 10m }
            expect:
              residency_violations: 0
            """
        return try ScenarioParser.standard.parse(text, file: "bench-\(hours)h.yaml", directory: root)
    }

    static func seoulOutage(root: String) throws(ScenarioLoadError) -> Scenario {
        try ScenarioParser.standard.load(path: root + "/simulations/seoul-outage.yaml")
    }
}
