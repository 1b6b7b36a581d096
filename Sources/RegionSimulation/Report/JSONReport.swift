/// `regiond simulate --json`: the metrics, the verdicts and the timeline, for CI and scripts.
public enum JSONReport {
    public static func render(_ result: SimulationResult) -> String {
        let metrics = result.metrics
        let lag = result.tiers.map { ($0, JSONValue.number(metrics.lagP99Seconds[$0] ?? 0)) }
        let document = JSONValue.object([
            ("scenario", .string(result.scenario)),
            ("seed", Int(exactly: result.seed).map(JSONValue.int) ?? .string(String(result.seed))),
            ("metrics", .object([
                ("detection_s", .optional(metrics.detectionSeconds)),
                ("reroute_s", .optional(metrics.rerouteSeconds)),
                ("failed_over", .array(metrics.failedOver.map(JSONValue.string))),
                ("dns_changes", .int(metrics.dnsChanges)),
                ("residency_violations", .int(metrics.residencyViolations)),
                ("lost_writes", .int(metrics.lostWrites)),
                ("converged", .bool(metrics.converged)),
                ("failback_lag_s", .optional(metrics.failbackLagSeconds)),
                ("conflicts", .int(metrics.conflicts)),
                ("lag_p99_s", .object(lag)),
                ("writes_at_risk_max", .int(metrics.writesAtRiskMax)),
            ])),
            ("expectations", .array(result.expectations.map { outcome in
                .object([
                    ("name", .string(outcome.name)), ("ok", .bool(outcome.ok)),
                    ("value", .string(outcome.value)), ("limit", .string(outcome.limit)),
                ])
            })),
            ("timeline", .array(result.timeline.map { entry in
                .object([
                    ("t_s", .number(Double(entry.atMilliseconds) / 1000)),
                    ("kind", .string(entry.kind.rawValue)),
                    ("region", entry.region.map(JSONValue.string) ?? .null),
                    ("text", .string(entry.text)),
                ])
            })),
        ])
        return document.rendered() + "\n"
    }
}
