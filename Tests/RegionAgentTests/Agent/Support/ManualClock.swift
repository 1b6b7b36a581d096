import Foundation
import RegionAgent
import RegionCore

/// A clock the test moves by hand; sleepers wake once it passes their deadline.
final class ManualClock: AgentClock, @unchecked Sendable {
    // @unchecked: `current` is guarded by `lock`.
    private let lock = NSLock()
    private var current: Timestamp

    init(start: Timestamp = Timestamp(milliseconds: 1_700_000_000_000)) { current = start }

    func now() -> Timestamp { lock.withLock { current } }

    func advance(by duration: Duration) { lock.withLock { current = current + duration } }

    func sleep(until deadline: Timestamp) async throws {
        while now() < deadline {
            try await Task.sleep(for: .milliseconds(1))
        }
    }
}
