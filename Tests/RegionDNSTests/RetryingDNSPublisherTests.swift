import Logging
import RegionCore
import RegionDNS
import Testing

struct RetryingDNSPublisherTests {
    let logger = Logger(label: "test.dns")
    let exact = RetryBackoff(initial: .seconds(1), maximum: .seconds(4), jitter: 0)

    private func publisher(_ provider: FlakyProvider, _ collector: Collector, _ alarms: AlarmLog = AlarmLog(), backoff: RetryBackoff? = nil) -> RetryingDNSPublisher {
        RetryingDNSPublisher(
            provider: provider, recorder: collector, backoff: backoff ?? exact, logger: logger,
            alarm: alarms.raise,
            jitterSeed: { 7 },
            sleep: { await collector.slept($0) }
        )
    }

    @Test func outageIsRetriedWithBackoffAlarmedAndTheChangeRecordedOnce() async throws {
        let provider = FlakyProvider(failures: 4)
        let collector = Collector()
        let alarmLog = AlarmLog()
        let desired = TestDeployment.desired(down: ["seoul"])
        let report = try await publisher(provider, collector, alarmLog).publish(desired, reason: .quorumView(down: ["seoul"]))

        #expect(report.changedAnything)
        #expect(await provider.writes == 1)
        #expect(await collector.sleeps == [.seconds(1), .seconds(2), .seconds(4), .seconds(4)])
        let changes = await collector.changes
        #expect(changes.count == 1)
        #expect(changes.first?.reason.description == "quorum view: down seoul")
        #expect(changes.first?.desired == desired)
        let alarms = alarmLog.alarms
        #expect(alarms.count == 5)
        #expect(alarms.last == .recovered(provider: "flaky", failedAttempts: 4))
    }

    @Test func jitterSeedFeedsTheBackoff() async throws {
        let jittered = RetryBackoff(initial: .seconds(1), maximum: .seconds(4), jitter: 0.5)
        let collector = Collector()
        try await publisher(FlakyProvider(failures: 3), collector, backoff: jittered).publish(TestDeployment.desired(), reason: .drain(["seoul"]))
        let sleeps = await collector.sleeps
        #expect(sleeps == (1...3).map { jittered.delay(afterFailures: $0, seed: 7) })
        #expect(sleeps != [.seconds(1), .seconds(2), .seconds(4)])
    }

    @Test func unchangedStateIsNeitherWrittenNorRecorded() async throws {
        let provider = FlakyProvider(failures: 0)
        let collector = Collector()
        let publisher = publisher(provider, collector)
        try await publisher.publish(TestDeployment.desired(), reason: .quorumView(down: []))
        let second = try await publisher.publish(TestDeployment.desired(), reason: .quorumView(down: []))
        #expect(!second.changedAnything)
        #expect(await provider.writes == 1)
        #expect(await collector.changes.count == 1)
    }

    @Test func cancellationEndsTheRetries() async throws {
        let provider = FlakyProvider(failures: .max)
        let collector = Collector()
        let alarms = AlarmLog()
        let publisher = RetryingDNSPublisher(
            provider: provider, recorder: collector, backoff: RetryBackoff(initial: .milliseconds(10), maximum: .milliseconds(20)),
            logger: logger, alarm: alarms.raise
        )
        let task = Task { try await publisher.publish(TestDeployment.desired(), reason: .drain(["seoul"])) }
        try await alarms.waitForAlarm()
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(await provider.writes == 0)
        #expect(await collector.changes.isEmpty)
    }
}
