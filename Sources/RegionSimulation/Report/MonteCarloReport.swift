/// `--runs N`: the distribution of each metric over the seeds, and how many runs failed.
public struct MonteCarloSummary: Sendable {
    public struct Distribution: Sendable {
        public var metric: String
        /// Runs in which the metric was measured (a run without outage has no detection time).
        public var samples: Int
        public var p50: Double
        public var p95: Double
        public var p99: Double
        public var max: Double
    }

    public var scenario: String
    public var runs: Int
    public var failedRuns: Int
    /// Seeds of failing runs, to replay one with `--seed`.
    public var failedSeeds: [UInt64]
    public var distributions: [Distribution]

    public init(_ results: [SimulationResult]) {
        scenario = results.first?.scenario ?? ""
        runs = results.count
        let failing = results.filter { !$0.passed }
        failedRuns = failing.count
        failedSeeds = failing.map(\.seed)
        let tiers = results.first?.tiers ?? []
        var metrics: [(String, (SimulationMetrics) -> Double?)] = MetricName.allCases.map { name in
            (name.rawValue, { $0.value(of: name) })
        }
        metrics += tiers.map { tier in ("lag_p99_s.\(tier)", { $0.lagP99Seconds[tier] }) }
        distributions = metrics.map { name, extract in
            let values = results.compactMap { extract($0.metrics) }.sorted()
            return Distribution(
                metric: name, samples: values.count, p50: Self.percentile(values, 0.50), p95: Self.percentile(values, 0.95),
                p99: Self.percentile(values, 0.99), max: values.last ?? 0)
        }
    }

    /// Nearest-rank percentile; 0 for no values.
    static func percentile(_ sorted: [Double], _ fraction: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let rank = Int((Double(sorted.count) * fraction).rounded(.up))
        return sorted[min(sorted.count, max(1, rank)) - 1]
    }

    public var rendered: String {
        var lines = ["scenario \(scenario): \(runs) runs", "", "  \(TextReport.pad("metric", 24)) \(TextReport.pad("runs", 6)) \(TextReport.pad("p50", 10)) \(TextReport.pad("p95", 10)) \(TextReport.pad("p99", 10)) max"]
        for row in distributions {
            let cells = [row.p50, row.p95, row.p99].map { TextReport.pad(Format.decimal($0, digits: 2), 10) }.joined(separator: " ")
            lines.append("  \(TextReport.pad(row.metric, 24)) \(TextReport.pad(String(row.samples), 6)) \(cells) \(Format.decimal(row.max, digits: 2))")
        }
        lines.append("")
        if failedRuns == 0 {
            lines.append("PASS: all \(runs) runs met every expectation")
        } else {
            let shown = failedSeeds.prefix(10).map(String.init).joined(separator: ", ")
            lines.append("FAIL: \(failedRuns) of \(runs) runs failed an expectation (seeds \(shown)\(failedSeeds.count > 10 ? ", ..." : ""))")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
