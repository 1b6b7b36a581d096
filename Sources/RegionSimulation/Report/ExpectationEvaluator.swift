/// Judges a run's metrics against the scenario's `expect:` section.
enum ExpectationEvaluator {
    static func evaluate(_ expectations: [Expectation], metrics: SimulationMetrics) -> [ExpectationOutcome] {
        expectations.map { evaluate($0, metrics: metrics) }
    }

    private static func evaluate(_ expectation: Expectation, metrics: SimulationMetrics) -> ExpectationOutcome {
        switch expectation.requirement {
        case .bound(let metric, let min, let max):
            let value = metrics.value(of: metric)
            let limit = describe(min: min, max: max)
            guard let value else {
                // Nothing measured (no outage detected, no failback): a maximum holds, a minimum does not.
                return ExpectationOutcome(name: expectation.name, ok: min == nil, value: "none", limit: limit)
            }
            let ok = (min.map { value >= $0 } ?? true) && (max.map { value <= $0 } ?? true)
            return ExpectationOutcome(name: expectation.name, ok: ok, value: Format.decimal(value), limit: limit)
        case .failedOverExactly(let regions):
            let expected = regions.map(\.rawValue).sorted()
            let actual = metrics.failedOver.sorted()
            return ExpectationOutcome(name: expectation.name, ok: expected == actual, value: list(actual), limit: "= " + list(expected))
        case .neverFailedOver(let regions):
            let offenders = metrics.failedOver.filter { regions.map(\.rawValue).contains($0) }.sorted()
            return ExpectationOutcome(
                name: expectation.name, ok: offenders.isEmpty, value: list(offenders),
                limit: "none of " + list(regions.map(\.rawValue).sorted()))
        case .converged(let expected):
            return ExpectationOutcome(name: expectation.name, ok: metrics.converged == expected, value: "\(metrics.converged)", limit: "\(expected)")
        case .tierLag(let tier, let max):
            let value = metrics.lagP99Seconds[tier] ?? 0
            return ExpectationOutcome(name: expectation.name, ok: value <= max, value: Format.decimal(value, digits: 2), limit: "<= " + Format.decimal(max))
        }
    }

    private static func describe(min: Double?, max: Double?) -> String {
        switch (min, max) {
        case (let min?, let max?) where min == max: "= " + Format.decimal(min)
        case (let min?, let max?): Format.decimal(min) + " .. " + Format.decimal(max)
        case (let min?, nil): ">= " + Format.decimal(min)
        case (nil, let max?): "<= " + Format.decimal(max)
        case (nil, nil): "any"
        }
    }

    private static func list(_ items: [String]) -> String { "[" + items.joined(separator: ", ") + "]" }
}
