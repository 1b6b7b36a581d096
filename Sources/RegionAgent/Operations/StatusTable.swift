import Foundation
import RegionCore

/// Renders what several agents report (`GET /v1/status`) as the plain-text tables
/// `regiond status` prints: health of each region as each agent sees it, the DNS answer per
/// geo, and the replication lag per tier.
public struct StatusTable: Sendable {
    /// Agents that answered, in the order to show them.
    public var statuses: [AgentStatus]
    /// Agents that did not answer, with the reason, shown as such rather than dropped.
    public var unreachable: [(agent: String, reason: String)]

    public init(statuses: [AgentStatus], unreachable: [(agent: String, reason: String)] = []) {
        self.statuses = statuses
        self.unreachable = unreachable
    }

    public func render() -> String {
        var sections: [String] = [healthSection()]
        if let reference = statuses.first(where: \.isOnMajoritySide) ?? statuses.first {
            sections.append(dnsSection(reference))
            sections.append(lagSection(reference))
        }
        if !unreachable.isEmpty {
            sections.append(unreachable.map { "agent \($0.agent) did not answer: \($0.reason)" }.joined(separator: "\n"))
        }
        return sections.joined(separator: "\n\n") + "\n"
    }

    private func healthSection() -> String {
        guard let first = statuses.first else { return "No agent answered." }
        let observers = statuses.map(\.peer.region.rawValue)
        var rows = [["REGION", "ROLE"] + observers.map { "SEEN BY \($0.uppercased())" } + ["IN VIEW", "NOTE"]]
        for region in first.regions {
            let seen = statuses.map { status in
                guard let entry = status.regions.first(where: { $0.name == region.name }) else { return "-" }
                return entry.lastLatencyMilliseconds.map { "\(entry.health) \($0)ms" } ?? entry.health
            }
            var notes: [String] = []
            if statuses.contains(where: { $0.drained.contains(region.name) }) { notes.append("drained") }
            if region.awaitingCatchUp { notes.append("catching up") }
            if statuses.contains(where: { $0.coordinator == region.name }) { notes.append("coordinator") }
            rows.append([region.name.rawValue, region.role] + seen + [region.inView ? "yes" : "no", notes.joined(separator: ", ")])
        }
        let isolated = statuses.filter { !$0.isOnMajoritySide }.map(\.peer.region.rawValue)
        let footer = isolated.isEmpty ? "" : "\nNot hearing a majority (decides nothing): \(isolated.joined(separator: ", "))"
        return Self.table(rows) + footer
    }

    private func dnsSection(_ status: AgentStatus) -> String {
        var rows = [["GEO", "ANSWER", "FALLBACK ORDER"]]
        for geo in status.dns {
            let order = zip(geo.regions, geo.weights).map { $1 > 0 && geo.weights.filter({ $0 > 0 }).count > 1 ? "\($0) \($1)%" : $0.rawValue }
            rows.append([geo.geo, geo.served?.rawValue ?? "none", order.joined(separator: " > ")])
        }
        return "DNS as planned by \(status.peer.region):\n" + Self.table(rows)
    }

    private func lagSection(_ status: AgentStatus) -> String {
        let tiers = Set(status.regions.flatMap(\.lagMillisecondsByTier.keys)).sorted()
        guard !tiers.isEmpty else { return "Replication lag: not reported yet." }
        var rows = [["REGION"] + tiers.map { $0.uppercased() }]
        for region in status.regions where !region.lagMillisecondsByTier.isEmpty {
            rows.append([region.name.rawValue] + tiers.map { tier in
                region.lagMillisecondsByTier[tier].map(Self.milliseconds) ?? "-"
            })
        }
        return "Replication catch-up lag per tier:\n" + Self.table(rows)
    }

    private static func milliseconds(_ value: Int64) -> String {
        value < 1000 ? "\(value)ms" : String(format: "%.1fs", Double(value) / 1000)
    }

    private static func table(_ rows: [[String]]) -> String {
        let widths = rows.reduce(into: [Int]()) { widths, row in
            for (index, cell) in row.enumerated() {
                if index < widths.count { widths[index] = max(widths[index], cell.count) } else { widths.append(cell.count) }
            }
        }
        return rows.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
