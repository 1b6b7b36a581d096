import Foundation
import Logging
import RegionAgent
import RegionCore
import Synchronization
import Testing

/// The integrity and retention schedules: a first run soon after start (not a whole interval
/// later), later runs every interval plus a seeded jitter, and retention on its own
/// `integrity.retention_interval`.
@Suite struct PeriodicScheduleTests {
    @Test func theFirstRunComesWithinAMinuteAndLaterOnesEveryIntervalPlusJitter() {
        var schedule = PeriodicSchedule(interval: .seconds(3600), jitter: .seconds(360), seed: 42)
        let first = schedule.nextWait()
        #expect(first >= .seconds(30) && first <= .seconds(60))
        for _ in 0..<20 {
            let wait = schedule.nextWait()
            #expect(wait >= .seconds(3600) && wait <= .seconds(3960))
        }
    }

    @Test func theWaitsDependOnlyOnTheSeed() {
        func waits(_ seed: UInt64) -> [Duration] {
            var schedule = PeriodicSchedule(interval: .seconds(3600), jitter: .seconds(360), seed: seed)
            return (0..<5).map { _ in schedule.nextWait() }
        }
        #expect(waits(7) == waits(7))
        #expect(Set((1...8).map { waits($0)[0] }).count > 1, "agents with different seeds must not start in lockstep")
    }

    @Test func aShortIntervalBoundsTheFirstRun() {
        var schedule = PeriodicSchedule(interval: .milliseconds(300), jitter: .zero, seed: 1)
        #expect(schedule.nextWait() <= .milliseconds(300))
        #expect(schedule.nextWait() == .milliseconds(300))
    }

    @Test func theServiceRunsSoonAfterStartThenWaitsAnInterval() async throws {
        let clock = ManualClock()
        let start = clock.now()
        let runs = Mutex<[Timestamp]>([])
        let service = PeriodicService(
            name: "retention", schedule: PeriodicSchedule(interval: .seconds(3600), jitter: .seconds(360), seed: 3), clock: clock,
            logger: Logger(label: "regiond.tests.schedule")
        ) {
            runs.withLock { $0.append(clock.now()) }
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await service.run() }
            defer { group.cancelAll() }

            let first = try await Self.sleeper(on: clock, after: start)
            #expect(first - start >= .seconds(30) && first - start <= .seconds(60), "first run \(first - start) after start")
            clock.advance(by: first - start)
            try await Self.eventually { runs.withLock(\.count) == 1 }

            let second = try await Self.sleeper(on: clock, after: first)
            #expect(second - first >= .seconds(3600) && second - first <= .seconds(3960), "second run \(second - first) after the first")
            clock.advance(by: second - first)
            try await Self.eventually { runs.withLock(\.count) == 2 }
            #expect(runs.withLock { $0 } == [first, second])
        }
    }

    /// The deadline the service sleeps until once it has gone to sleep after `previous`.
    static func sleeper(on clock: ManualClock, after previous: Timestamp) async throws -> Timestamp {
        try await eventually { clock.earliestSleeper.map { $0 > previous } ?? false }
        return try #require(clock.earliestSleeper)
    }

    @Test func retentionHasItsOwnOptionalInterval() throws {
        let text = try String(contentsOf: Self.repositoryFile("regions.yaml"), encoding: .utf8)
        let config = try RegionsConfigLoader.parse(yaml: text, file: "regions.yaml").config
        #expect(config.integrity.interval == .seconds(3600))
        #expect(config.integrity.retentionInterval == .seconds(900))
        #expect(config.integrity.retentionPeriod == .seconds(900))
        #expect(IntegritySettings(interval: .seconds(3600)).retentionPeriod == .seconds(3600))

        let zero = text.replacingOccurrences(of: "retention_interval: 15m", with: "retention_interval: 0s")
        let error = try #require(throws: ConfigValidationError.self) { try RegionsConfigLoader.parse(yaml: zero, file: "regions.yaml") }
        let line = try #require(zero.components(separatedBy: "\n").firstIndex { $0.contains("retention_interval: 0s") }) + 1
        #expect(error.description.contains("regions.yaml:\(line):"))
        #expect(error.description.contains("retention_interval"))
    }

    static func repositoryFile(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(name)
    }

    /// The bound is for a bug, not a timing judgement: the parallel test phase can starve
    /// a task for minutes on two cores (CI waited here more than 30 s).
    static func eventually(_ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(300)
        while !condition() && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}
