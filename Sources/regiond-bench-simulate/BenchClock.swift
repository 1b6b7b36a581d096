import Foundation

/// Wall-clock measurement of one piece of work (a benchmark, so reading the clock is the point).
enum BenchClock {
    struct Measured<Value> {
        let value: Value
        let seconds: Double
    }

    static func measure<Value>(_ work: () throws -> Value) rethrows -> Measured<Value> {
        let start = ContinuousClock.now
        let value = try work()
        return Measured(value: value, seconds: seconds(since: start))
    }

    static func measureAsync<Value>(_ work: () async throws -> Value) async rethrows -> Measured<Value> {
        let start = ContinuousClock.now
        let value = try await work()
        return Measured(value: value, seconds: seconds(since: start))
    }

    static func format(_ value: Double) -> String { String(format: "%.2f", value) }

    private static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}
