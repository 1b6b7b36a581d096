import Testing
@testable import RegionCore

/// Shells sleep until `TierBatcher.nextDeadline` and `AgentCore.nextWakeUp`: after a `tick`
/// both must lie in the future, or an event-driven shell would wake at the same instant
/// forever.
@Suite struct WakeUpDeadlineTests {
    @Test func aWindowHeldBackByBackpressureIsNoDeadline() {
        var batcher = TierBatcher(peer: ResidencyFixture.tokyo, tier: ResidencyFixture.critical, settings: BatcherSettings(maxInFlight: 1))
        _ = batcher.enqueue(TierBatcherTests.change(1), capturedAt: TierBatcherTests.at(0))
        #expect(TierBatcherTests.sent(batcher.tick(now: TierBatcherTests.at(200))).count == 1)
        _ = batcher.enqueue(TierBatcherTests.change(2), capturedAt: TierBatcherTests.at(300))
        #expect(TierBatcherTests.sent(batcher.tick(now: TierBatcherTests.at(500))).isEmpty)
        #expect(batcher.nextDeadline == TierBatcherTests.at(200) + batcher.ackTimeout)
    }

    @Test func aFreedSlotMakesTheClosedWindowDueAgain() {
        var batcher = TierBatcher(peer: ResidencyFixture.tokyo, tier: ResidencyFixture.critical, settings: BatcherSettings(maxInFlight: 1))
        _ = batcher.enqueue(TierBatcherTests.change(1), capturedAt: TierBatcherTests.at(0))
        let first = TierBatcherTests.sent(batcher.tick(now: TierBatcherTests.at(200)))
        _ = batcher.enqueue(TierBatcherTests.change(2), capturedAt: TierBatcherTests.at(300))
        let afterAck = batcher.acknowledged(batchID: first[0].id, now: TierBatcherTests.at(600))
        #expect(TierBatcherTests.sent(afterAck).map { $0.changes.map(\.sequence) } == [[2]])
        #expect(batcher.nextDeadline.map { $0 > TierBatcherTests.at(600) } == true)
    }

    @Test func aDNSRetryTheAgentMayNotPerformDoesNotWakeItInThePast() throws {
        let config = FailoverFixture.deployment()
        let start = FailoverFixture.at(seconds: 1_000)
        var agent = try AgentCore(config: config, region: config.voterNames[0], now: start)
        _ = agent.dnsApplyFailed(reason: "provider down", now: start)
        var now = start
        for _ in 0..<40 {
            now = max(now + .milliseconds(700), agent.nextWakeUp)
            _ = agent.tick(now: now)
            #expect(!agent.isOnMajoritySide)
            #expect(agent.nextWakeUp > now)
        }
    }
}
