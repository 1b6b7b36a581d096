/// Flow-control knobs of a `TierBatcher` that are not part of the tier itself.
public struct BatcherSettings: Hashable, Sendable {
    /// Batches sent and not yet acknowledged, per peer and tier (backpressure): a slow or
    /// unreachable peer gets no more than this many batches at a time, the rest waits queued.
    public var maxInFlight: Int
    /// Delay before the first retry of a failed batch; doubled on each further failure.
    public var initialRetryDelay: Duration
    public var maxRetryDelay: Duration
    /// A batch neither acknowledged nor failed this long after sending counts as failed.
    public var ackTimeout: Duration
    /// Queued changes beyond which the backlog alarm fires.
    public var backlogLimit: Int

    public init(
        maxInFlight: Int = 4, initialRetryDelay: Duration = .milliseconds(500), maxRetryDelay: Duration = .seconds(30),
        ackTimeout: Duration = .seconds(30), backlogLimit: Int = 1_000_000
    ) {
        self.maxInFlight = maxInFlight
        self.initialRetryDelay = initialRetryDelay
        self.maxRetryDelay = maxRetryDelay
        self.ackTimeout = ackTimeout
        self.backlogLimit = backlogLimit
    }

    /// Defaults with the backlog limit of regions.yaml's replication section.
    public init(replication: ReplicationSettings) {
        self.init(backlogLimit: replication.backlogLimit)
    }

    /// Exponential backoff: `initialRetryDelay × 2^(failures − 1)`, capped at `maxRetryDelay`.
    public func retryDelay(afterFailures failures: Int) -> Duration {
        RetryBackoff(initial: initialRetryDelay, maximum: maxRetryDelay, jitter: 0).delay(afterFailures: failures)
    }
}
