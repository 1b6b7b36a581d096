import Foundation
import Testing
@testable import RegionDNS

struct RequestPacerTests {
    /// A clock that only moves when told to, and remembers the waits asked of it.
    final class ManualClock: @unchecked Sendable {
        private let lock = NSLock()
        private var now: Duration = .zero
        private var waits: [Duration] = []

        var elapsed: Duration { lock.withLock { now } }
        var recordedWaits: [Duration] { lock.withLock { waits } }
        func advance(_ duration: Duration) { lock.withLock { now += duration } }
        func sleep(_ duration: Duration) { lock.withLock { waits.append(duration) } }
    }

    @Test func burstIsSpreadOneIntervalApart() async throws {
        let clock = ManualClock()
        let pacer = RequestPacer(interval: .milliseconds(200), elapsed: { clock.elapsed }, sleep: { clock.sleep($0) })
        for _ in 0..<6 { try await pacer.waitForTurn() }
        #expect(clock.recordedWaits == [200, 400, 600, 800, 1000].map { .milliseconds($0) })
    }

    @Test func requestsAlreadySpacedOutDoNotWait() async throws {
        let clock = ManualClock()
        let pacer = RequestPacer(interval: .milliseconds(200), elapsed: { clock.elapsed }, sleep: { clock.sleep($0) })
        for _ in 0..<3 {
            try await pacer.waitForTurn()
            clock.advance(.milliseconds(250))
        }
        #expect(clock.recordedWaits.isEmpty)
    }
}
