/// One observer's health state machine for one target.
///
/// Going down is quick (`failureThreshold` consecutive failures) and coming back is slow
/// (`recoveryThreshold` consecutive successes, a larger number): a region that is really
/// back stays back, a region that answers now and then does not bounce traffic around.
/// On top of that, flap damping: a target that changed between up and down
/// `flapThreshold` times within `flapWindow` stays down until it has been continuously
/// healthy for `stableFor`.
///
/// A new target starts up: a cold cluster serves as configured, and a dead target is found
/// within `failureThreshold` probes.
public struct TargetHealth: Sendable, Equatable {
    public private(set) var status: TargetHealthStatus = .up
    public private(set) var consecutiveFailures = 0
    public private(set) var consecutiveSuccesses = 0
    /// Latency of the last successful probe.
    public private(set) var lastLatency: Duration?
    public private(set) var lastFailureReason: String?
    /// When the last probe result was recorded.
    public private(set) var lastProbeAt: Timestamp?
    /// Start of the current run of successful probes.
    private var healthySince: Timestamp?
    /// Up/down transitions inside the flap window, oldest first.
    private var recentFlips: [Timestamp] = []

    public init() {}

    /// Whether flap damping currently holds the target down although its probes succeed.
    public func isDamped(now: Timestamp, settings: HealthSettings) -> Bool {
        guard status == .down, consecutiveSuccesses >= settings.recoveryThreshold else { return false }
        return !hasBeenStable(now: now, settings: settings)
    }

    /// Whether the target changed state often enough recently to need damping.
    public func isFlapping(now: Timestamp, settings: HealthSettings) -> Bool {
        recentFlips.filter { now - $0 <= settings.flapWindow }.count >= settings.flapThreshold
    }

    /// Records one probe result and returns the transition it caused, if any.
    ///
    /// A success slower than `settings.timeout` is recorded as a failure: the agent's
    /// detection budget assumes no probe takes longer.
    public mutating func record(
        _ outcome: ProbeOutcome, at now: Timestamp, target: RegionName, settings: HealthSettings
    ) -> HealthTransition? {
        lastProbeAt = now
        let previous = status
        switch outcome {
        case .success(let latency) where latency > settings.timeout:
            recordFailure(reason: "answered after \(latency), slower than the \(settings.timeout) timeout", settings: settings)
        case .success(let latency):
            recordSuccess(latency: latency, now: now, settings: settings)
        case .failure(let reason):
            recordFailure(reason: reason, settings: settings)
        }
        guard status != previous else { return nil }
        if previous.isAlive != status.isAlive {
            recentFlips.append(now)
            recentFlips.removeAll { now - $0 > settings.flapWindow }
        }
        return HealthTransition(target: target, from: previous, to: status, at: now)
    }

    private mutating func recordFailure(reason: String, settings: HealthSettings) {
        consecutiveFailures += 1
        consecutiveSuccesses = 0
        healthySince = nil
        lastFailureReason = reason
        if consecutiveFailures >= settings.failureThreshold { status = .down }
    }

    private mutating func recordSuccess(latency: Duration, now: Timestamp, settings: HealthSettings) {
        consecutiveSuccesses += 1
        consecutiveFailures = 0
        lastLatency = latency
        if healthySince == nil { healthySince = now }
        let aliveStatus: TargetHealthStatus = latency > settings.slowThreshold ? .degraded : .up
        switch status {
        case .up, .degraded:
            status = aliveStatus
        case .down:
            guard consecutiveSuccesses >= settings.recoveryThreshold,
                  !isFlapping(now: now, settings: settings) || hasBeenStable(now: now, settings: settings)
            else { return }
            status = aliveStatus
        }
    }

    private func hasBeenStable(now: Timestamp, settings: HealthSettings) -> Bool {
        guard let healthySince else { return false }
        return now - healthySince >= settings.stableFor
    }
}
