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
        let doublings = min(max(failures, 1) - 1, 30)
        let base = min(initial.milliseconds << doublings, maximum.milliseconds)
        let unit = Double(Self.mix(seed &+ UInt64(failures)) >> 11) / Double(1 << 53)
        let factor = 1 - jitter + 2 * jitter * unit
        return .milliseconds(Int64((Double(base) * factor).rounded()))
    }

    /// SplitMix64's finaliser: a well-spread 64-bit value from any input.
    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
