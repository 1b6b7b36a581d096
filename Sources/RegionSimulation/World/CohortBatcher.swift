import RegionCore

/// `TierBatcher`'s decisions for one link of the simulator, where the queue holds at most
/// one change: the open cohort (a new cohort starts only once the previous one was cut).
///
/// The rules are the core's, driven by the same tier config and `BatcherSettings`: a batch
/// is cut when the queued change has waited `min(batchWindow, maxLag)` (or at once when the
/// queue is full), at most `maxInFlight` batches await an answer, an unanswered batch times
/// out after the core's `ackTimeout` and is resent after `retryDelay(afterFailures:)`, and
/// the backlog alarm fires on the row limit or the lag objective. What differs is the
/// bookkeeping: integer milliseconds and a cohort reference instead of timestamps, rows
/// and dictionaries, so a simulated day of 200 ms batches costs seconds, not minutes. A
/// test drives this and the core's `TierBatcher` through the same random inputs and
/// requires the same batches, deadlines, lags and alarms.
struct CohortBatcher {
    /// One batch: the cohort it carries and how often it was sent.
    struct Batch {
        let id: UInt64
        let cohort: WriteCohort
        var attempt: Int
    }

    enum Action {
        case send(Batch)
        case backlogAlarm(BacklogAlarm.Cause, rows: Int, lagMilliseconds: Int64)
        case backlogCleared
    }

    private enum FlightState {
        case awaitingAck(sentAt: Int64)
        case retryAt(Int64)
    }

    private struct Flight {
        var batch: Batch
        var oldestCapture: Int64
        var failures: Int
        var state: FlightState
    }

    private struct Queued {
        let cohort: WriteCohort
        let capturedAt: Int64
        let bytes: Int
    }

    let settings: BatcherSettings
    private let windowMilliseconds: Int64
    private let ackTimeoutMilliseconds: Int64
    private let maxLag: Duration
    private let maxLagMilliseconds: Int64
    private let maxBatchRows: Int
    private let maxBatchBytes: Int

    private var queued: Queued?
    /// In flight, in id order.
    private var flights: [Flight] = []
    private var nextID: UInt64 = 1
    private var latestTime: Int64 = 0
    private var alarmRaised = false

    init(peer: RegionName, tier: TierConfig, settings: BatcherSettings) {
        self.settings = settings
        windowMilliseconds = min(tier.batchWindow, tier.maxLag).milliseconds
        ackTimeoutMilliseconds = TierBatcher(peer: peer, tier: tier, settings: settings).ackTimeout.milliseconds
        maxLag = tier.maxLag
        maxLagMilliseconds = tier.maxLag.milliseconds
        maxBatchRows = max(tier.maxBatchRows, 1)
        maxBatchBytes = tier.maxBatchBytes
    }

    /// The cohort still accepting writes: the queued one.
    var openCohort: WriteCohort? { queued?.cohort }

    /// Whether a cohort is open (asked once per link and load step: no reference taken).
    var hasOpenCohort: Bool { queued != nil }

    // MARK: Inputs (as `TierBatcher`)

    mutating func enqueue(_ cohort: WriteCohort, bytes: Int, capturedAt: Int64) -> [Action] {
        observe(capturedAt)
        queued = Queued(cohort: cohort, capturedAt: capturedAt, bytes: bytes)
        var actions: [Action] = []
        cutBatches(force: false, into: &actions)
        appendAlarmTransitions(into: &actions)
        return actions
    }

    mutating func tick(now: Int64) -> [Action] {
        observe(now)
        var actions: [Action] = []
        for index in flights.indices {
            if case .awaitingAck(let sentAt) = flights[index].state, now - sentAt >= ackTimeoutMilliseconds { markFailed(index, now: now) }
        }
        for index in flights.indices {
            guard case .retryAt(let due) = flights[index].state, due <= now else { continue }
            flights[index].batch.attempt += 1
            flights[index].state = .awaitingAck(sentAt: now)
            actions.append(.send(flights[index].batch))
        }
        cutBatches(force: false, into: &actions)
        appendAlarmTransitions(into: &actions)
        return actions
    }

    mutating func acknowledged(batchID: UInt64, now: Int64) -> [Action] {
        observe(now)
        guard let index = flights.firstIndex(where: { $0.batch.id == batchID }) else { return [] }
        flights.remove(at: index)
        var actions: [Action] = []
        cutBatches(force: false, into: &actions)
        appendAlarmTransitions(into: &actions)
        return actions
    }

    mutating func failed(batchID: UInt64, now: Int64) -> [Action] {
        observe(now)
        if let index = flights.firstIndex(where: { $0.batch.id == batchID }), case .awaitingAck = flights[index].state {
            markFailed(index, now: now)
        }
        var actions: [Action] = []
        appendAlarmTransitions(into: &actions)
        return actions
    }

    mutating func flush(now: Int64) -> [Action] {
        observe(now)
        var actions: [Action] = []
        cutBatches(force: true, into: &actions)
        appendAlarmTransitions(into: &actions)
        return actions
    }

    // MARK: Observability (as `TierBatcher`)

    /// The cohort of the batch in flight with `id`, if any.
    func cohort(ofBatch id: UInt64) -> WriteCohort? {
        flights.first { $0.batch.id == id }?.batch.cohort
    }

    /// Changes (cohorts) queued or in flight.
    var backlogRows: Int { (queued == nil ? 0 : 1) + flights.count }

    /// Capture time of the oldest cohort not yet acknowledged.
    var oldestUnacknowledgedCapture: Int64? {
        flights.reduce(queued?.capturedAt) { oldest, flight in oldest.map { min($0, flight.oldestCapture) } ?? flight.oldestCapture }
    }

    func lag(now: Int64) -> Int64 { oldestUnacknowledgedCapture.map { max(now - $0, 0) } ?? 0 }

    /// When `tick` next has something to do; nil when idle.
    var nextDeadline: Int64? {
        var earliest = flights.count < max(settings.maxInFlight, 1) ? queued.map { $0.capturedAt + windowMilliseconds } : nil
        for flight in flights {
            let due = switch flight.state {
            case .awaitingAck(let sentAt): sentAt + ackTimeoutMilliseconds
            case .retryAt(let due): due
            }
            earliest = earliest.map { min($0, due) } ?? due
        }
        return earliest
    }

    // MARK: Internals

    private mutating func observe(_ time: Int64) { latestTime = max(latestTime, time) }

    private mutating func cutBatches(force: Bool, into actions: inout [Action]) {
        while let queued, flights.count < max(settings.maxInFlight, 1),
            force || 1 >= maxBatchRows || queued.bytes >= maxBatchBytes || latestTime >= queued.capturedAt + windowMilliseconds
        {
            let batch = Batch(id: nextID, cohort: queued.cohort, attempt: 1)
            nextID += 1
            flights.append(Flight(batch: batch, oldestCapture: queued.capturedAt, failures: 0, state: .awaitingAck(sentAt: latestTime)))
            self.queued = nil
            actions.append(.send(batch))
        }
    }

    private mutating func markFailed(_ index: Int, now: Int64) {
        flights[index].failures += 1
        flights[index].state = .retryAt(now + settings.retryDelay(afterFailures: flights[index].failures).milliseconds)
    }

    private mutating func appendAlarmTransitions(into actions: inout [Action]) {
        let rows = backlogRows
        let lag = lag(now: latestTime)
        let cause: BacklogAlarm.Cause? =
            rows > settings.backlogLimit ? .rowLimit(settings.backlogLimit)
            : lag > maxLagMilliseconds ? .lagObjective(maxLag) : nil
        switch (cause, alarmRaised) {
        case (let cause?, false):
            alarmRaised = true
            actions.append(.backlogAlarm(cause, rows: rows, lagMilliseconds: lag))
        case (nil, true):
            alarmRaised = false
            actions.append(.backlogCleared)
        default:
            break
        }
    }
}
