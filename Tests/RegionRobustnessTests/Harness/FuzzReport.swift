import Foundation

/// The outcome of a fuzz campaign: counts, the slowest case, and every failed property
/// with the case index that replays it.
struct FuzzReport: Sendable {
    struct Failure: Sendable, CustomStringConvertible {
        let caseIndex: Int
        let problem: String
        var description: String { "case \(caseIndex): \(problem)" }
    }

    let target: String
    let seed: UInt64
    var cases = 0
    var accepted = 0
    var refused = 0
    var failures: [Failure] = []
    var slowest: Duration = .zero
    var elapsed: Duration = .zero

    /// Keeps the first failures only: one is enough to reproduce, thousands flood the log.
    private static let keptFailures = 20

    mutating func record(_ verdict: FuzzVerdict, caseIndex: Int, took: Duration, hangLimit: Duration) {
        cases += 1
        slowest = max(slowest, took)
        switch verdict {
        case .accepted: accepted += 1
        case .refused: refused += 1
        case .violation(let problem): fail(caseIndex, problem)
        }
        if took > hangLimit { fail(caseIndex, "took \(took), over the \(hangLimit) hang limit") }
    }

    private mutating func fail(_ caseIndex: Int, _ problem: String) {
        if failures.count < Self.keptFailures { failures.append(Failure(caseIndex: caseIndex, problem: problem)) }
    }

    /// Whether enough cases ran to expect both valid and invalid inputs among them (not so
    /// when one case is replayed with `REGIOND_FUZZ_ONLY`).
    var coversBothOutcomes: Bool { cases < 100 || (accepted > 0 && refused > 0) }

    var casesPerSecond: Double {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return seconds > 0 ? Double(cases) / seconds : 0
    }

    /// One line `scripts/fuzz` collects into its table; keep the `fuzz-result` prefix and
    /// the `key=value` layout stable.
    var summaryLine: String {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return "fuzz-result target=\(target) cases=\(cases) accepted=\(accepted) refused=\(refused) "
            + "violations=\(failures.count) seconds=\(String(format: "%.1f", seconds)) "
            + "cases_per_second=\(Int(casesPerSecond)) slowest_ms=\(slowest.components.seconds * 1000 + slowest.components.attoseconds / 1_000_000_000_000_000) seed=\(seed)"
    }
}
