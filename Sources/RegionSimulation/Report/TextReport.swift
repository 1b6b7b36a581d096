/// The default output: what happened, when, and whether the scenario's expectations held.
public enum TextReport {
    public static func render(_ result: SimulationResult) -> String {
        var lines: [String] = []
        lines.append("scenario \(result.scenario)  seed \(result.seed)  duration \(Format.clock(result.durationMilliseconds))  writes \(result.totalWrites)")
        lines.append("")
        lines.append("TIMELINE")
        for entry in result.timeline {
            lines.append("  \(Format.clock(entry.atMilliseconds))  \(pad(entry.kind.rawValue, 9))  \(entry.text)")
        }
        lines.append("")
        lines.append("METRICS")
        let metrics = result.metrics
        var rows: [(String, String)] = []
        rows.append(("detection_s", metrics.detectionSeconds.map { Format.decimal($0) } ?? "none"))
        rows.append(("reroute_s", metrics.rerouteSeconds.map { Format.decimal($0) } ?? "none"))
        rows.append(("failed_over", "[" + metrics.failedOver.joined(separator: ", ") + "]"))
        rows.append(("dns_changes", String(metrics.dnsChanges)))
        rows.append(("residency_violations", String(metrics.residencyViolations)))
        rows.append(("lost_writes", String(metrics.lostWrites)))
        rows.append(("converged", String(metrics.converged)))
        rows.append(("failback_lag_s", metrics.failbackLagSeconds.map { Format.decimal($0) } ?? "none"))
        rows.append(("conflicts", String(metrics.conflicts)))
        rows.append(("writes_at_risk_max", String(metrics.writesAtRiskMax)))
        for tier in result.tiers {
            rows.append(("lag_p99_s." + tier, Format.decimal(metrics.lagP99Seconds[tier] ?? 0, digits: 2)))
        }
        for (name, value) in rows { lines.append("  \(pad(name, 24)) \(value)") }
        lines.append("")
        lines.append("EXPECTATIONS")
        for outcome in result.expectations {
            lines.append("  \(outcome.ok ? "PASS" : "FAIL")  \(pad(outcome.name, 22)) \(pad(outcome.value, 16)) \(outcome.limit)")
        }
        let failed = result.expectations.filter { !$0.ok }.count
        lines.append("")
        lines.append(failed == 0 ? "PASS: all \(result.expectations.count) expectations hold" : "FAIL: \(failed) of \(result.expectations.count) expectations do not hold")
        return lines.joined(separator: "\n") + "\n"
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
