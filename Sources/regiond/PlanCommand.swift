import ArgumentParser
import Foundation
import RegionCore

/// `regiond plan`: what DNS would answer under an assumed set of failures and drains.
///
/// It runs the same `FailoverPlanner` the agents run, so an SRE can ask "what if seoul goes
/// down during tokyo's maintenance?" before it happens.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show the DNS answer per geo if some regions were down or drained.",
        discussion: """
            The answer served is the first region of each line; the rest are the fallbacks
            in order. Users served by a region that may not hold their personal data are
            flagged (residency-aware failover).

            Examples:
              regiond plan --down seoul
              regiond plan --down seoul,tokyo --json
              regiond plan --drained tokyo
            """
    )

    @OptionGroup var assumption: PlanAssumptionOptions

    @Flag(name: .long, help: "Print {\"geo\": {GEO: [region, ...]}} with the served region first.")
    var json = false

    func run() throws {
        let config = try assumption.config.load().config
        let plan = try assumption.plan(for: config)
        if json {
            print(try Self.json(plan.state))
        } else {
            print(Self.table(plan.state, config: config, down: plan.down, drained: plan.drained))
        }
    }

    static func json(_ state: DesiredDNSState) throws -> String {
        let geos = Dictionary(uniqueKeysWithValues: state.geos.map { ($0.geo, $0.regions.map(\.region.rawValue)) })
        let data = try JSONSerialization.data(withJSONObject: ["geo": geos], options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    static func table(_ state: DesiredDNSState, config: RegionsConfig, down: [RegionName], drained: [RegionName]) -> String {
        var assumption = [String]()
        if !down.isEmpty { assumption.append("down: " + down.map(\.rawValue).joined(separator: ", ")) }
        if !drained.isEmpty { assumption.append("drained: " + drained.map(\.rawValue).joined(separator: ", ")) }
        var lines = ["DNS plan (\(assumption.isEmpty ? "nothing down" : assumption.joined(separator: "; ")))"]
        let gaps = ResidencyFailoverGap.gaps(in: config)
        let geoWidth = max(4, state.geos.map(\.geo.count).max() ?? 0)
        for answer in state.geos {
            let served = answer.served.map(\.rawValue) ?? "-"
            let weights = answer.regions.contains { $0.weight > 0 && $0.weight < 100 }
                ? "  weights " + answer.regions.filter { $0.weight > 0 }.map { "\($0.region) \($0.weight)" }.joined(separator: ", ")
                : ""
            let fallbacks = answer.regions.dropFirst().map(\.region.rawValue).joined(separator: ", ")
            var line = "  " + answer.geo.padding(toLength: geoWidth, withPad: " ", startingAt: 0)
                + "  → " + served.padding(toLength: 10, withPad: " ", startingAt: 0)
                + (fallbacks.isEmpty ? "" : "then " + fallbacks) + weights
            let servedGaps = gaps.filter { $0.geo == answer.geo && $0.region == answer.served }
            for gap in servedGaps {
                line += "\n  " + String(repeating: " ", count: geoWidth)
                    + "    ! \(gap.residencyClass) rows (\(gap.tables.joined(separator: ", "))) are not readable in \(gap.region)"
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}
