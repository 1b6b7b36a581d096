import Foundation
import RegionCore

/// The text `regiond check` prints for a valid configuration.
struct CheckReport {
    let loaded: LoadedConfig
    let file: String

    var text: String {
        [summary, budgetSection, recoverySection, replicationSection, warningSection]
            .compactMap { $0 }
            .joined(separator: "\n\n")
    }

    private var config: RegionsConfig { loaded.config }
    private var budget: FailoverBudget { FailoverBudget(config: config) }

    private var summary: String {
        let witnesses = config.regions.count - config.servingRegions.count
        return "\(file) is valid: \(config.regions.count) regions (\(config.servingRegions.count) serving, \(witnesses) witness), "
            + "\(config.geos.count) geos, \(config.tiers.count) tiers, \(config.replicatedTables.count) replicated tables."
    }

    private var budgetSection: String {
        let budget = budget
        let rows: [(String, Duration, String)] = [
            ("probe interval × failure_threshold", budget.probing, "\(format(budget.probeInterval)) × \(budget.failureThreshold)"),
            ("+ probe timeout", budget.probeTimeout, ""),
            ("+ one gossip round", budget.gossipInterval, ""),
            ("= detection", budget.detection, verdict(budget.detection, budget.objectives.detection)),
            ("+ DNS apply (\(providerName))", budget.dnsApply, ""),
            ("+ record TTL", budget.ttl, ""),
            ("= reroute", budget.reroute, verdict(budget.reroute, budget.objectives.reroute)),
        ]
        return "Failover budget (worst case, from the start of an outage)\n" + table(rows)
    }

    private var recoverySection: String {
        let budget = budget
        return """
            Recovery (slower than failure, by design)
              seen up again after \(budget.recoveryThreshold) good probes × \(format(budget.probeInterval)) + gossip = \(format(budget.recovery))
              traffic returns after at least \(format(budget.failback)) (+ DNS apply + TTL), and only once its replication lag is within every tier's max_lag
              a region that flaps (\(config.health.flapThreshold) down/up transitions within \(format(config.health.flapWindow))) is held down until healthy for \(format(budget.flapStableFor))
            """
    }

    private var replicationSection: String {
        let rows = config.tiers.map { tier -> String in
            let objective = config.objectives.replicationLag[tier.name].map { "objective \(format($0))" } ?? "no objective"
            let batching = "batches every \(format(tier.batchWindow))\(tier.compress ? ", compressed" : "")"
            let name = tier.name.padding(toLength: 10, withPad: " ", startingAt: 0)
            return "  \(name) max_lag \(format(tier.maxLag).padding(toLength: 6, withPad: " ", startingAt: 0)) \(objective), \(batching): \(tier.tables.joined(separator: ", "))"
        }
        return "Replication lag per tier\n" + rows.joined(separator: "\n")
    }

    private var warningSection: String? {
        guard !loaded.warnings.isEmpty else { return nil }
        return "Warnings (\(loaded.warnings.count))\n" + loaded.warnings.map { "  \($0)" }.joined(separator: "\n")
    }

    private var providerName: String {
        switch config.dns.provider {
        case .powerDNS: "powerdns"
        case .route53: "route53"
        case .file: "file"
        }
    }

    private func verdict(_ value: Duration, _ objective: Duration) -> String {
        let margin = objective - value
        return "objective \(format(objective)), margin \(format(margin)) " + (margin >= .zero ? "ok" : "EXCEEDED")
    }

    private func table(_ rows: [(String, Duration, String)]) -> String {
        let labelWidth = rows.map(\.0.count).max() ?? 0
        return rows.map { label, value, note in
            let paddedLabel = label.padding(toLength: labelWidth, withPad: " ", startingAt: 0)
            let paddedValue = String(repeating: " ", count: max(0, 6 - format(value).count)) + format(value)
            let line = "  \(paddedLabel)  \(paddedValue)  \(note)"
            return String(line.reversed().drop { $0 == " " }.reversed())
        }.joined(separator: "\n")
    }

    private func format(_ duration: Duration) -> String { ConfigDuration.format(duration) }
}
