import RegionCore

/// When a periodic job runs: once soon after start, then every `interval` plus a jitter.
///
/// The first run comes between half of `firstRun` and `firstRun` after start, so a freshly
/// started or restarted agent checks and purges within a minute instead of an hour later.
/// Every wait is jittered from a generator seeded per agent and job: agents started together
/// spread their database scans out, and a test or a replay sees the same waits for a seed.
public struct PeriodicSchedule: Sendable {
    public let interval: Duration
    public let jitter: Duration
    public let firstRun: Duration
    private var random: SplitMix64
    private var started = false

    /// The bound on the first run when none is given: a minute, or the interval if shorter.
    public static let defaultFirstRun: Duration = .seconds(60)

    /// - Parameters:
    ///   - jitter: added to each later wait, drawn from 0 up to it.
    ///   - firstRun: the latest the first run may come; defaults to `defaultFirstRun`,
    ///     never later than `interval`.
    public init(interval: Duration, jitter: Duration, firstRun: Duration? = nil, seed: UInt64) {
        self.interval = interval
        self.jitter = max(.zero, jitter)
        self.firstRun = max(.zero, min(firstRun ?? Self.defaultFirstRun, interval))
        random = SplitMix64(seed: seed)
    }

    /// How long to wait before the next run.
    public mutating func nextWait() -> Duration {
        guard started else {
            started = true
            let half = firstRun.milliseconds / 2
            return .milliseconds(half + draw(upTo: firstRun.milliseconds - half))
        }
        return interval + .milliseconds(draw(upTo: jitter.milliseconds))
    }

    private mutating func draw(upTo bound: Int64) -> Int64 {
        bound > 0 ? Int64.random(in: 0...bound, using: &random) : 0
    }
}
