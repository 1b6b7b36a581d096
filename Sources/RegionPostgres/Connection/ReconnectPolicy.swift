import RegionCore

/// How hard a connection tries to (re)open: exponential backoff between attempts, so a
/// restarting server is not hammered and a daemon rides out a failover of its database.
public struct ReconnectPolicy: Sendable, Equatable {
    public var initialDelay: Duration
    public var maximumDelay: Duration
    /// Attempts per (re)connect before the error is thrown to the caller.
    public var maximumAttempts: Int

    public init(initialDelay: Duration = .milliseconds(100), maximumDelay: Duration = .seconds(5), maximumAttempts: Int = 8) {
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
        self.maximumAttempts = max(1, maximumAttempts)
    }

    /// One attempt, no waiting: for tools that should fail fast.
    public static let never = ReconnectPolicy(maximumAttempts: 1)

    /// The pause after failed attempt number `attempt` (0-based).
    public func delay(afterAttempt attempt: Int) -> Duration {
        RetryBackoff(initial: initialDelay, maximum: maximumDelay, jitter: 0).delay(afterFailures: attempt + 1)
    }
}
