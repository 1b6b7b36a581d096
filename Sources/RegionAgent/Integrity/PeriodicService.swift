import Logging
import RegionCore
import ServiceLifecycle

/// Runs a job on a `PeriodicSchedule`: soon after start, then every interval plus a seeded
/// jitter, so that agents started together do not hit their databases in the same second.
///
/// A job in progress when SIGTERM arrives is allowed to finish (every write it makes is its
/// own transaction, but a finished check reports and records what it did); then the service
/// returns. Task cancellation stops the wait at once.
public struct PeriodicService: Service {
    public var name: String
    private let schedule: PeriodicSchedule
    private let clock: any AgentClock
    private let job: @Sendable () async -> Void
    private let logger: Logger

    public init(
        name: String, schedule: PeriodicSchedule, clock: any AgentClock, logger: Logger, job: @escaping @Sendable () async -> Void
    ) {
        self.name = name
        self.schedule = schedule
        self.clock = clock
        self.job = job
        self.logger = logger
    }

    public func run() async throws {
        var schedule = schedule
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let wait = schedule.nextWait()
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
