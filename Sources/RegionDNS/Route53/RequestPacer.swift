/// Spaces requests at least `interval` apart, so a provider's rate limit (Route 53:
/// five requests per second per account) is never what fails a failover.
actor RequestPacer {
    private let interval: Duration
    private let elapsed: @Sendable () -> Duration
    private let sleep: @Sendable (Duration) async throws -> Void
    private var nextSlot: Duration?

    /// - Parameters:
    ///   - elapsed: time since some fixed origin (monotonic); injectable for tests.
    ///   - sleep: waits; injectable for tests.
    init(
        interval: Duration,
        elapsed: @escaping @Sendable () -> Duration = { [start = ContinuousClock.now] in ContinuousClock.now - start },
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        self.interval = interval
        self.elapsed = elapsed
        self.sleep = sleep
    }

    /// Returns when the caller may send; concurrent callers are queued one slot apart.
    func waitForTurn() async throws {
        let now = elapsed()
        let slot = max(nextSlot ?? now, now)
        nextSlot = slot + interval
        if slot > now { try await sleep(slot - now) }
    }
}
