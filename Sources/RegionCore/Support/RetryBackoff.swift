/// Exponential backoff with jitter, computed purely: the jitter comes from a seed the shell
/// passes in (the agent from its random source, the simulator from the scenario seed), so a
/// run is replayable while agents still spread their retries apart.
public struct RetryBackoff: Sendable, Equatable {
    public var initial: Duration
    public var maximum: Duration
    /// Each delay is scaled by a factor in `1 - jitter ... 1 + jitter`.
    public var jitter: Double

    public init(initial: Duration = .seconds(1), maximum: Duration = .seconds(60), jitter: Double = 0.2) {
        self.initial = initial
        self.maximum = maximum
        self.jitter = min(max(jitter, 0), 1)
    }

    /// The wait before the next attempt after `failures` consecutive failures (at least 1).
    public func delay(afterFailures failures: Int, seed: UInt64) -> Duration {
        var mixer = SplitMix64(seed: seed &+ UInt64(max(failures, 0)))
        let unit = Double(mixer.next() >> 11) / Double(1 << 53)
        let factor = 1 - jitter + 2 * jitter * unit
        return .milliseconds(Int64((Double(delay(afterFailures: failures).milliseconds) * factor).rounded()))
    }

    /// The wait without jitter: `initial × 2^(failures − 1)`, capped at `maximum`.
    public func delay(afterFailures failures: Int) -> Duration {
        let doublings = min(max(failures, 1) - 1, 30)
        return .milliseconds(min(initial.milliseconds << doublings, maximum.milliseconds))
    }
}
