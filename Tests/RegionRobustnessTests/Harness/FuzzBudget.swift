import Foundation

/// How many generated cases each fuzz target runs.
///
/// `swift test` runs the short count so the suite stays quick: a debug build fuzzes the
/// config and scenario parsers at 7 to 45 cases/s on a loaded 2-core CI machine, so 2 000
/// cases per target cost well under two minutes. CI may raise it (`REGIOND_FUZZ_CASES=10000`);
/// `scripts/fuzz` and `scripts/chaos` run the full 100 000.
enum FuzzBudget {
    static let defaultCases = 2_000

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
