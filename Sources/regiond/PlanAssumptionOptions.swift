import ArgumentParser
import RegionCore

/// The "what if" every planning command shares: regions.yaml plus regions assumed down or
/// drained, planned by the same `FailoverPlanner` the agents run.
struct PlanAssumptionOptions: ParsableArguments {
    @OptionGroup var config: ConfigOptions

    @Option(
        name: .long,
        help: ArgumentHelp("Regions assumed down, comma-separated (e.g. seoul,tokyo).", valueName: "regions"))
    var down: String = ""

    @Option(
        name: [.customLong("drained"), .customLong("drain")],
        help: ArgumentHelp("Regions drained for maintenance, comma-separated.", valueName: "regions"))
    var drained: String = ""

    /// The plan for the assumed view; an unknown region name exits 2 naming the known ones.
    func plan(for config: RegionsConfig) throws -> (state: DesiredDNSState, down: [RegionName], drained: [RegionName]) {
        let down = try regions(self.down, in: config)
        let drained = try regions(self.drained, in: config)
        var planner = FailoverPlanner(config: config)
        let view = config.voterNames.filter { !down.contains($0) }
        let plan = planner.plan(view: view, drained: Set(drained), now: .zero)
        for geo in plan.geosWithoutAvailableRegion {
            StandardError.print("warning: geo '\(geo)' has no available region; it keeps its last answer")
        }
        return (plan.state, down, drained)
    }

    private func regions(_ list: String, in config: RegionsConfig) throws -> [RegionName] {
        let names = list.split(separator: ",").map { RegionName(String($0).trimmingCharacters(in: .whitespaces)) }
        for name in names where config.region(name) == nil {
            let known = config.voterNames.map(\.rawValue).joined(separator: ", ")
            StandardError.print("\(self.config.config): no region '\(name)'; it declares \(known)")
            throw ExitCode(2)
        }
        return names
    }
}
