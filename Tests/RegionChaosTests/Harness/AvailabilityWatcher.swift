import Foundation
import RegionCore

/// Samples, every 100 ms, where DNS sends each geo's users and which regions are down at
/// that moment, and measures per geo the longest stretch during which the answer was no
/// region or a region that was down: the unavailability users felt (before TTL expiry).
final class AvailabilityWatcher: @unchecked Sendable {
    // @unchecked: every mutable field but `task` is guarded by `lock`; `task` is set once by `start`.
    private let lock = NSLock()
    private var down: Set<RegionName> = []
    private var longest: [String: Duration] = [:]
    private var current: [String: ContinuousClock.Instant] = [:]
    private var answers: [String: String] = [:]
    private var changes = 0
    private let geos: [String]
    private let resolve: @Sendable (String) async -> String?
    private var task: Task<Void, Never>?

    /// - Parameter resolve: the region a geo's users are sent to now, nil for none.
    init(geos: [String] = ["KR", "SEA", "JP"], resolve: @escaping @Sendable (String) async -> String?) {
        self.geos = geos
        self.resolve = resolve
    }

    func start() {
        task = Task { [self] in
            while !Task.isCancelled {
                for geo in geos { record(geo, await resolve(geo)) }
                try? await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    func markDown(_ region: RegionName) { lock.withLock { _ = down.insert(region) } }
    func markUp(_ region: RegionName) { lock.withLock { _ = down.remove(region) } }

    /// How often an answer moved from one region to another: failovers and failbacks.
    var answerChanges: Int { lock.withLock { changes } }

    /// Stops sampling; returns the longest unavailability per geo.
    func stop() async -> [String: Duration] {
        task?.cancel()
        await task?.value
        let now = ContinuousClock.now
        return lock.withLock {
            for (geo, since) in current { longest[geo] = max(longest[geo] ?? .zero, now - since) }
            return longest
        }
    }

    private func record(_ geo: String, _ answer: String?) {
        let now = ContinuousClock.now
        lock.withLock {
            if let answer, answers[geo] != nil, answers[geo] != answer { changes += 1 }
            if let answer { answers[geo] = answer }
            let unavailable = answer.map { down.contains(RegionName($0)) } ?? true
            if unavailable {
                if current[geo] == nil { current[geo] = now }
                longest[geo] = max(longest[geo] ?? .zero, now - (current[geo] ?? now))
            } else if let since = current.removeValue(forKey: geo) {
                longest[geo] = max(longest[geo] ?? .zero, now - since)
            }
        }
    }
}
