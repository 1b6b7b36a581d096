import Foundation
import RegionAgent
import RegionCore

/// A clock the test moves by hand; sleepers wake once it passes their deadline.
final class ManualClock: AgentClock, @unchecked Sendable {
    // @unchecked: `current` is guarded by `lock`.
    private let lock = NSLock()
    private var current: Timestamp
    private var sleepers: [UUID: Timestamp] = [:]

    init(start: Timestamp = Timestamp(milliseconds: 1_700_000_000_000)) { current = start }

    func now() -> Timestamp { lock.withLock { current } }

    func advance(by duration: Duration) { lock.withLock { current = current + duration } }

    /// The earliest deadline someone is sleeping until, if anyone sleeps.
    var earliestSleeper: Timestamp? { lock.withLock { sleepers.values.min() } }

    func sleep(until deadline: Timestamp) async throws {
        let id = UUID()
        lock.withLock { sleepers[id] = deadline }
        defer { lock.withLock { sleepers[id] = nil } }
        while now() < deadline {
            try await Task.sleep(for: .milliseconds(1))
        }
    }
}
