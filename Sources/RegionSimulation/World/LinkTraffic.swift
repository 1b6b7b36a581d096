import RegionCore

/// What is under way on one replication link (origin, peer, tier): batches travelling to
/// the peer, answers travelling back, and when the link's batcher next wants a `tick`.
///
/// Links keep their own small agenda instead of the run's event queue: a link's traffic
/// touches nothing but its two ends, so the run lets it catch up to the current instant
/// before anything reads or changes the data plane (`SimulationRun.advanceLinks`), and
/// every delivery still happens, and is measured, at its own virtual time.
struct LinkTraffic {
    /// One thing due on the link.
    enum Due {
        case arrival(CohortBatcher.Batch)
        case acknowledged(UInt64)
        case failed(UInt64)
        case wake
    }

    private var arrivals: [(at: Int64, batch: CohortBatcher.Batch)] = []
    private var answers: [(at: Int64, id: UInt64, acknowledged: Bool)] = []
    /// When the batcher's next deadline falls (nil when it has none).
    var wakeAt: Int64? {
        didSet { if let wakeAt { nextDueAt = min(nextDueAt, wakeAt) } }
    }
    /// No later than the earliest thing due: links with nothing due by an instant are
    /// skipped without looking inside.
    private(set) var nextDueAt = Int64.max

    mutating func batchWillArrive(_ batch: CohortBatcher.Batch, at time: Int64) {
        arrivals.append((time, batch))
        nextDueAt = min(nextDueAt, time)
    }

    mutating func answerWillArrive(_ id: UInt64, acknowledged: Bool, at time: Int64) {
        answers.append((time, id, acknowledged))
        nextDueAt = min(nextDueAt, time)
    }

    /// Removes and returns the earliest thing due at or before `limit`: arrivals first,
    /// then answers, then the wake-up when they fall at the same instant; among equals,
    /// the one scheduled first.
    mutating func takeNext(dueBy limit: Int64) -> (at: Int64, due: Due)? {
        let arrival = Self.earliest(arrivals.lazy.map(\.at))
        let answer = Self.earliest(answers.lazy.map(\.at))
        var time = Int64.max
        var kind = -1
        if let arrival, arrival.time < time { (time, kind) = (arrival.time, 0) }
        if let answer, answer.time < time { (time, kind) = (answer.time, 1) }
        if let wakeAt, wakeAt < time { (time, kind) = (wakeAt, 2) }
        nextDueAt = time
        guard kind >= 0, time <= limit else { return nil }
        switch kind {
        case 0:
            guard let index = arrival?.index else { return nil }
            return (time, .arrival(arrivals.remove(at: index).batch))
        case 1:
            guard let index = answer?.index else { return nil }
            let taken = answers.remove(at: index)
            return (time, taken.acknowledged ? .acknowledged(taken.id) : .failed(taken.id))
        default:
            wakeAt = nil
            return (time, .wake)
        }
    }

    private static func earliest<Times: Sequence>(_ times: Times) -> (time: Int64, index: Int)? where Times.Element == Int64 {
        var best: (time: Int64, index: Int)?
        for (index, time) in times.enumerated() where best.map({ time < $0.time }) ?? true { best = (time, index) }
        return best
    }
}
