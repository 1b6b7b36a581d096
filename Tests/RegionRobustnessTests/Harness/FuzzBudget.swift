import Foundation

/// How many generated cases each fuzz target runs.
///
/// CI runs the short count so the suite stays quick; `scripts/fuzz` and `scripts/chaos`
/// set `REGIOND_FUZZ_CASES=100000` for the full campaign.
enum FuzzBudget {
    static let defaultCases = 10_000

    static var cases: Int {
        guard let text = ProcessInfo.processInfo.environment["REGIOND_FUZZ_CASES"], let value = Int(text), value > 0 else {
            return defaultCases
        }
        return value
    }

    /// The campaign seed; `REGIOND_FUZZ_SEED` replays another campaign.
    static var seed: UInt64 {
        ProcessInfo.processInfo.environment["REGIOND_FUZZ_SEED"].flatMap { UInt64($0) } ?? 0x5EED_2026
    }
}
