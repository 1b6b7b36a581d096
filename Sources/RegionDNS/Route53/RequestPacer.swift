/// Spaces requests at least `interval` apart, so a provider's rate limit (Route 53:
/// five requests per second per account) is never what fails a failover.
actor RequestPacer {
    private let interval: Duration
    private let clock = ContinuousClock()
    private var nextSlot: ContinuousClock.Instant?

    init(interval: Duration) { self.interval = interval }

    /// Returns when the caller may send; concurrent callers are queued one slot apart.
    func waitForTurn() async throws {
        let now = clock.now
        let slot = max(nextSlot ?? now, now)
        nextSlot = slot + interval
        if slot > now { try await clock.sleep(until: slot) }
    }
}
