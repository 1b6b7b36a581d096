/// When to probe which target, and which probes are still waiting for an answer.
///
/// Every target is probed once per interval. A probe not answered within the timeout is
/// counted as failed by the core, so a target whose network silently drops packets is
/// detected exactly like one that refuses connections.
struct ProbeSchedule: Sendable, Equatable {
    struct Pending: Sendable, Equatable {
        var sequence: UInt64
        var sentAt: Timestamp
    }

    let targets: [RegionName]
    private(set) var nextRoundAt: Timestamp
    private(set) var pending: [RegionName: Pending] = [:]
    private var nextSequence: UInt64 = 1

    init(targets: [RegionName], firstRoundAt: Timestamp) {
        self.targets = targets
        self.nextRoundAt = firstRoundAt
    }

    /// The earliest time something is due: the next round or a pending probe's deadline.
    func nextDeadline(timeout: Duration) -> Timestamp {
        var earliest = nextRoundAt
        for probe in pending.values { earliest = min(earliest, probe.sentAt + timeout) }
        return earliest
    }

    /// Probes to send now: one per target without a pending probe, once per interval.
    mutating func dueProbes(now: Timestamp, interval: Duration) -> [AgentAction] {
        guard now >= nextRoundAt else { return [] }
        nextRoundAt = nextRoundAt + interval
        if nextRoundAt <= now { nextRoundAt = now + interval }
        return targets.filter { pending[$0] == nil }.map { target in
            let sequence = nextSequence
            nextSequence += 1
            pending[target] = Pending(sequence: sequence, sentAt: now)
            return .probe(target: target, sequence: sequence)
        }
    }

    /// Whether `result` answers the pending probe of its target (a late or unknown answer does not).
    mutating func complete(_ result: ProbeResult) -> Bool {
        guard pending[result.target]?.sequence == result.sequence else { return false }
        pending[result.target] = nil
        return true
    }

    /// Targets whose pending probe ran past the timeout, in target order; they stop being pending.
    mutating func timedOut(now: Timestamp, timeout: Duration) -> [RegionName] {
        let expired = targets.filter { target in pending[target].map { now - $0.sentAt >= timeout } ?? false }
        for target in expired { pending[target] = nil }
        return expired
    }
}
