import RegionCore
import Testing

@Suite("HealthTracker")
struct HealthTrackerTests {
    let settings = HealthSettings(
        interval: .seconds(5), timeout: .seconds(2), failureThreshold: 3, recoveryThreshold: 6,
        slowThreshold: .milliseconds(500), flapThreshold: 4, flapWindow: .seconds(600), stableFor: .seconds(300)
    )
    let target: RegionName = "seoul"
    let fast = ProbeOutcome.success(latency: .milliseconds(20))
    let failed = ProbeOutcome.failure(reason: "connection refused")

    /// Feeds `outcomes` one probe interval apart from `start`; returns the tracker and the time after.
    func feed(
        _ tracker: inout HealthTracker, _ outcomes: [ProbeOutcome], from start: Timestamp
    ) -> (transitions: [HealthTransition], next: Timestamp) {
        var now = start
        var transitions: [HealthTransition] = []
        for outcome in outcomes {
            if let transition = tracker.record(outcome, for: target, at: now) { transitions.append(transition) }
            now = now + settings.interval
        }
        return (transitions, now)
    }

    func makeTracker() -> HealthTracker {
        HealthTracker(observer: "singapore", targets: [target], settings: settings)
    }

    @Test func goesDownOnlyAfterConsecutiveFailureThreshold() {
        var tracker = makeTracker()
        _ = feed(&tracker, [failed, failed, fast, failed, failed], from: .zero)
        #expect(tracker.status(of: target) == .up)
        let (transitions, _) = feed(&tracker, [failed], from: FailoverFixture.at(seconds: 100))
        #expect(tracker.status(of: target) == .down)
        #expect(transitions.map(\.to) == [.down])
    }

    @Test func recoveryNeedsTheLongerSuccessThreshold() {
        var tracker = makeTracker()
        var (_, now) = feed(&tracker, Array(repeating: failed, count: 3), from: .zero)
        #expect(tracker.status(of: target) == .down)
        (_, now) = feed(&tracker, Array(repeating: fast, count: 5) + [failed] + Array(repeating: fast, count: 5), from: now)
        #expect(tracker.status(of: target) == .down, "a failure in the middle restarts the recovery count")
        let (transitions, _) = feed(&tracker, [fast], from: now)
        #expect(tracker.status(of: target) == .up)
        #expect(transitions.map(\.to) == [.up])
    }

    @Test func answerSlowerThanTimeoutCountsAsFailure() {
        var tracker = makeTracker()
        _ = feed(&tracker, Array(repeating: .success(latency: .milliseconds(2_001)), count: 3), from: .zero)
        #expect(tracker.status(of: target) == .down)
        #expect(tracker[target]?.lastFailureReason?.contains("timeout") == true)
    }

    @Test func slowButAliveIsDegradedNotDown() {
        var tracker = makeTracker()
        let (transitions, now) = feed(&tracker, Array(repeating: .success(latency: .milliseconds(1_500)), count: 5), from: .zero)
        #expect(tracker.status(of: target) == .degraded)
        #expect(tracker.observation(of: target)?.status == .up)
        #expect(transitions.map(\.to) == [.degraded])
        _ = feed(&tracker, [fast], from: now)
        #expect(tracker.status(of: target) == .up)
        #expect(tracker[target]?.lastLatency == .milliseconds(20))
    }

    @Test func flappingTargetStaysDownUntilStable() {
        var tracker = makeTracker()
        let down = Array(repeating: failed, count: 3)
        let up = Array(repeating: fast, count: 6)
        // Two full down/up cycles: four transitions within the flap window.
        var (transitions, now) = feed(&tracker, down + up + down + up, from: .zero)
        #expect(transitions.map(\.to) == [.down, .up, .down, .up])
        // The third outage: the target is now flapping, so six good probes are not enough.
        (transitions, now) = feed(&tracker, down + up, from: now)
        #expect(transitions.map(\.to) == [.down])
        #expect(tracker.status(of: target) == .down)
        #expect(tracker[target]?.isDamped(now: now, settings: settings) == true)
        // Healthy for stableFor (300 s = 60 probes counting the six above) brings it back.
        let stableProbes = Int(settings.stableFor.milliseconds / settings.interval.milliseconds) - up.count
        (transitions, now) = feed(&tracker, Array(repeating: fast, count: stableProbes), from: now)
        #expect(tracker.status(of: target) == .down, "one probe short of stableFor")
        (transitions, _) = feed(&tracker, [fast], from: now)
        #expect(transitions.map(\.to) == [.up])
    }

    @Test func flapsOutsideTheWindowAreForgotten() {
        var tracker = makeTracker()
        let cycle = Array(repeating: failed, count: 3) + Array(repeating: fast, count: 6)
        var (_, now) = feed(&tracker, cycle + cycle, from: .zero)
        now = now + settings.flapWindow
        let (transitions, _) = feed(&tracker, cycle, from: now)
        #expect(transitions.map(\.to) == [.down, .up])
    }

    @Test func unknownTargetIsIgnored() {
        var tracker = makeTracker()
        #expect(tracker.record(failed, for: "atlantis", at: .zero) == nil)
        #expect(tracker.status(of: "atlantis") == nil)
        #expect(tracker.observation(of: target) == nil, "no observation before the first probe")
    }
}
