import RegionCore
import RegionSimulation

/// What an accepted scenario must be for the simulator to run it meaningfully, restated
/// independently of the parser.
enum AcceptedScenarioInvariants {
    static func violations(of scenario: Scenario) -> [String] {
        var problems: [String] = []
        let config = scenario.config
        if scenario.duration <= .zero { problems.append("duration \(scenario.duration)") }
        if !(0...1).contains(scenario.network.loss) { problems.append("loss \(scenario.network.loss)") }
        if !(0...1).contains(scenario.load.conflictRate) { problems.append("conflict rate \(scenario.load.conflictRate)") }
        if scenario.load.writesPerSecond.values.contains(where: { !($0 >= 0) || !$0.isFinite }) { problems.append("negative or infinite write rate") }
        for (name, shares) in [("classes", scenario.load.classes), ("tiers", scenario.load.tiers)] where !shares.isEmpty {
            let total = shares.reduce(0) { $0 + $1.share }
            if abs(total - 1) > 0.001 { problems.append("\(name) shares add up to \(total)") }
        }
        for event in scenario.events {
            if event.at < .zero { problems.append("event at \(event.at)") }
            problems += eventProblems(event.kind, config: config)
        }
        problems += overriddenDeploymentProblems(config)
        return problems
    }

    private static func eventProblems(_ kind: ScenarioEvent.Kind, config: RegionsConfig) -> [String] {
        func unknown(_ name: RegionName) -> [String] { config.region(name) == nil ? ["event names unknown region '\(name)'"] : [] }
        switch kind {
        case .regionDown(let name), .regionUp(let name), .drain(let name), .undrain(let name), .clockSkew(let name, _):
            return unknown(name)
        case .partition(let groups, let lasting):
            let named = groups.flatMap { $0 }
            var problems = named.flatMap(unknown)
            if groups.count < 2 { problems.append("partition with \(groups.count) group(s)") }
            if Set(named).count != named.count { problems.append("region in two partition groups") }
            if let lasting, lasting <= .zero { problems.append("partition lasting \(lasting)") }
            return problems
        case .dnsOutage(let duration):
            return duration < .zero ? ["dns outage of \(duration)"] : []
        case .flap(let name, let down, let up, let lasting):
            return unknown(name) + ([down, up, lasting].contains { $0 <= .zero } ? ["flap with a non-positive duration"] : [])
        }
    }

    /// `overrides:` change the deployment; the result must still be one the agent accepts
    /// in the respects that keep a simulation finite and meaningful.
    private static func overriddenDeploymentProblems(_ config: RegionsConfig) -> [String] {
        var problems: [String] = []
        let health = config.health
        for (name, value) in [("interval", health.interval), ("timeout", health.timeout), ("gossip_interval", health.gossipInterval),
                              ("observation_ttl", health.observationTTL), ("ttl", config.service.ttl)] where value <= .zero {
            problems.append("\(name) overridden to \(value)")
        }
        if health.recoveryThreshold <= health.failureThreshold { problems.append("recovery_threshold overridden to at most failure_threshold") }
        for tier in config.tiers where tier.maxLag <= .zero || tier.batchWindow <= .zero {
            problems.append("tier \(tier.name) overridden to a non-positive max_lag or batch_window")
        }
        for geo in config.geos {
            if geo.preference.isEmpty { problems.append("geo \(geo.name) overridden to prefer no region") }
            if geo.preference.contains(where: { config.region($0)?.servesTraffic == false }) {
                problems.append("geo \(geo.name) overridden to prefer a witness")
            }
        }
        return problems
    }
}
