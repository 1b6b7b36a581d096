import Logging
import RegionCore
import ServiceLifecycle

/// Runs a job every `interval` (plus up to `jitter`, drawn from a seeded generator so that
/// agents started together do not hit their databases in the same second).
///
/// A job in progress when SIGTERM arrives is allowed to finish (every write it makes is its
/// own transaction, but a finished check reports and records what it did); then the service
/// returns. Task cancellation stops the wait at once.
public struct PeriodicService: Service {
    public var name: String
    private let interval: Duration
    private let jitter: Duration
    private let seed: UInt64
    private let clock: any AgentClock
    private let job: @Sendable () async -> Void
    private let logger: Logger

    public init(
        name: String, interval: Duration, jitter: Duration, seed: UInt64, clock: any AgentClock, logger: Logger,
        job: @escaping @Sendable () async -> Void
    ) {
        self.name = name
        self.interval = interval
        self.jitter = jitter
        self.seed = seed
        self.clock = clock
        self.job = job
        self.logger = logger
    }

    public func run() async throws {
        var random = SplitMix64(seed: seed)
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let wait = interval + .milliseconds(jitter.milliseconds > 0 ? Int64.random(in: 0...jitter.milliseconds, using: &random) : 0)
            do {
                let deadline = clock.now() + wait
                try await cancelWhenGracefulShutdown { try await clock.sleep(until: deadline) }
            } catch {
                break
            }
            logger.debug("periodic job starting", metadata: ["job": "\(name)"])
            await job()
        }
        logger.debug("periodic job stopped", metadata: ["job": "\(name)"])
    }
}
