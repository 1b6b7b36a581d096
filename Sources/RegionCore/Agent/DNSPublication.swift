/// The coordinator's bookkeeping of DNS writes: what it last published, what is in flight,
/// and when to retry after a failure.
///
/// It writes only when the desired state differs from what it published, one write at a
/// time; a failed (or unanswered) write is retried with backoff, so a flapping provider is
/// not hammered and a recovered one converges.
struct DNSPublication: Sendable, Equatable {
    struct InFlight: Sendable, Equatable {
        var state: DesiredDNSState
        var since: Timestamp
    }

    let backoff: RetryBackoff
    let applyTimeout: Duration
    let jitterSeed: UInt64
    private(set) var published: DesiredDNSState?
    private(set) var inFlight: InFlight?
    private(set) var consecutiveFailures = 0
    private(set) var retryAt: Timestamp?
    private var lastFailureReason: String?

    init(backoff: RetryBackoff, applyTimeout: Duration, jitterSeed: UInt64) {
        self.backoff = backoff
        self.applyTimeout = applyTimeout
        self.jitterSeed = jitterSeed
    }

    /// When the write in flight counts as failed if still unanswered.
    var inFlightExpiry: Timestamp? { inFlight.map { $0.since + applyTimeout } }

    /// The write to perform now for `desired`, if any.
    mutating func nextWrite(desired: DesiredDNSState, cause: ReplanCause, now: Timestamp) -> AgentAction? {
        guard inFlight == nil else { return nil }
        if let retryAt, now < retryAt { return nil }
        guard desired != published else {
            retryAt = nil
            return nil
        }
        let reason = consecutiveFailures > 0
            ? "retry \(consecutiveFailures + 1) after: \(lastFailureReason ?? "failure"); \(desired.changeSummary(from: published))"
            : "\(cause); \(desired.changeSummary(from: published))"
        inFlight = InFlight(state: desired, since: now)
        return .applyDNS(desired, reason: reason)
    }

    mutating func succeeded(_ state: DesiredDNSState) {
        published = state
        if inFlight?.state == state { inFlight = nil }
        consecutiveFailures = 0
        retryAt = nil
        lastFailureReason = nil
    }

    /// Records a failure and returns the alarm to raise.
    mutating func failed(reason: String, now: Timestamp) -> AgentAlarm {
        inFlight = nil
        consecutiveFailures += 1
        lastFailureReason = reason
        retryAt = now + backoff.delay(afterFailures: consecutiveFailures, seed: jitterSeed)
        return .dnsApplyFailing(consecutiveFailures: consecutiveFailures, reason: reason)
    }

    /// Treats a write the shell never answered as failed once `applyTimeout` passed.
    mutating func expireInFlight(now: Timestamp) -> AgentAlarm? {
        guard let inFlight, now - inFlight.since >= applyTimeout else { return nil }
        return failed(reason: "no answer from the DNS provider within \(applyTimeout)", now: now)
    }

    /// Called when this agent becomes coordinator: another agent may have published since,
    /// so it publishes its desired state once rather than trusting its own memory.
    mutating func forgetPublished() {
        published = nil
    }
}
