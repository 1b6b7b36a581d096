import Foundation

/// The benchmark's knobs, from the environment so `scripts/bench-e2e` can pass them.
struct BenchmarkSettings {
    /// Rows written per second across the three regions.
    var writesPerSecond: Int
    /// How long the load runs.
    var duration: Duration
    /// The logs tier's batch window for this run. Production cuts logs every 4 minutes
    /// within a 5-minute objective; a run of a minute or two scales the window down so
    /// several compressed batches are delivered while keeping the tier's behaviour
    /// (window-driven, compressed, large batches).
    var logsWindow: Duration
    /// First agent port; the regions listen on this one and the next two.
    var basePort: Int

    static func fromEnvironment() -> BenchmarkSettings {
        let environment = ProcessInfo.processInfo.environment
        func integer(_ name: String, _ fallback: Int) -> Int { environment[name].flatMap(Int.init) ?? fallback }
        return BenchmarkSettings(
            writesPerSecond: integer("BENCH_WRITES_PER_SECOND", 2_000),
            duration: .seconds(integer("BENCH_SECONDS", 30)),
            logsWindow: .seconds(integer("BENCH_LOGS_WINDOW_SECONDS", 10)),
            basePort: integer("BENCH_BASE_PORT", 7_301))
    }
}
