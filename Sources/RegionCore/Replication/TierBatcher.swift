/// Decides when to cut and send batches of changes to one peer for one tier, and how far
/// the peer's changelog cursor may advance.
///
/// ## Cutting
/// A batch is cut when the oldest queued change has waited the tier's `batchWindow`
/// (capped at its `maxLag`): a short coalescing window for the critical tier, the content
/// window, five minutes for logs. A queue that reaches `maxBatchRows` or `maxBatchBytes`
/// is cut at once without waiting.
///
/// ## Flow control
/// At most `maxInFlight` batches are unacknowledged; further changes wait in the queue,
/// where newer changes to a row replace older ones, so a peer that is down costs memory in
/// proportion to the distinct rows changed, not to the write rate; past
/// `BatcherSettings.backlogLimit` rows (or the tier's lag objective) the backlog alarm
/// fires. A failed (or timed-out) batch is resent
/// unchanged after an exponential backoff: delivery is at-least-once and the receiver's
/// LWW apply makes duplicates harmless, so batches may also be acknowledged in any order.
///
/// ## Cursor
/// The cursor is per peer and tier over the changelog's sequence numbers. It advances to
/// just below the oldest change still queued or in flight, and past every change the shell
/// reports as `skipped` (not for this peer: filtered, or blocked by residency), so a peer
/// whose changes are all blocked still lets the changelog be purged.
public struct TierBatcher: Sendable {
    public let peer: RegionName
    public let tier: TierConfig
    public let settings: BatcherSettings
    /// Every changelog entry up to here is delivered or needs no delivery.
    public private(set) var cursor: Int64

    /// How long an unanswered batch waits before it is resent: the configured timeout,
    /// but never more than half the tier's lag objective, so a batch lost in flight is
    /// resent while the objective can still be met. (The simulator found a failback that
    /// served a region 9 s behind on its 5 s tier because a lost batch waited 30 s.)
    public var ackTimeout: Duration { min(settings.ackTimeout, tier.maxLag / 2) }

    private var highestSeen: Int64
    private var queue = PendingQueue()
    private var inFlight: [BatchID: InFlightBatch] = [:]
    private var nextBatchNumber: UInt64
    /// The latest time passed in, so cuts triggered by `enqueue` get a send time.
    private var latestTime = Timestamp.zero
    private var alarmRaised = false

    /// - Parameters:
    ///   - cursor: the cursor persisted for this peer and tier; changes at or below it are
    ///     ignored when offered again.
    ///   - firstBatchNumber: where batch ids start (pass a persisted counter to keep ids
    ///     unique across restarts).
    public init(peer: RegionName, tier: TierConfig, settings: BatcherSettings = .init(), cursor: Int64 = 0, firstBatchNumber: UInt64 = 1) {
        self.peer = peer
        self.tier = tier
        self.settings = settings
        self.cursor = cursor
        self.highestSeen = cursor
        self.nextBatchNumber = firstBatchNumber
    }

    // MARK: Inputs

    /// Queues a change for the peer. Changes must come in increasing sequence order; one at
    /// or below a sequence already seen is a redelivery and is ignored, and sequence numbers
    /// skipped over are taken as not meant for this peer and tier.
    public mutating func enqueue(_ change: OutboundChange, capturedAt: Timestamp) -> [BatcherAction] {
        observe(capturedAt)
        guard change.sequence > highestSeen else { return [] }
        highestSeen = change.sequence
        queue.append(change, capturedAt: capturedAt)
        var actions: [BatcherAction] = []
        cutBatches(force: false, into: &actions)
        appendCursorAdvance(into: &actions)
        appendAlarmTransitions(into: &actions)
        return actions
    }

    /// Records that every changelog entry up to `sequence` not enqueued here needs no
    /// delivery to this peer (other tier, filtered, or blocked by residency).
    public mutating func skipped(upTo sequence: Int64) -> [BatcherAction] {
        guard sequence > highestSeen else { return [] }
        highestSeen = sequence
        var actions: [BatcherAction] = []
        appendCursorAdvance(into: &actions)
        return actions
    }

    /// Lets time pass: cuts batches whose window has elapsed, resends batches whose backoff
    /// has elapsed, and times out batches nobody answered.
    public mutating func tick(now: Timestamp) -> [BatcherAction] {
        observe(now)
        var actions: [BatcherAction] = []
        if !inFlight.isEmpty {
            let ids = inFlight.keys.sorted()
            for id in ids {
                if case .awaitingAck(let sentAt) = inFlight[id]?.state, now - sentAt >= ackTimeout {
                    markFailed(id, now: now)
                }
            }
            for id in ids {
                guard var flight = inFlight[id], case .retryAt(let due) = flight.state, due <= now else { continue }
                flight.batch.attempt += 1
                flight.state = .awaitingAck(sentAt: now)
                inFlight[id] = flight
                actions.append(.send(flight.batch))
            }
        }
        cutBatches(force: false, into: &actions)
        appendAlarmTransitions(into: &actions)
        return actions
    }

    /// The peer applied the batch: its changes leave the backlog and the cursor may advance.
    /// Acknowledging an unknown or already acknowledged batch does nothing.
    public mutating func acknowledged(batchID: BatchID, now: Timestamp) -> [BatcherAction] {
        observe(now)
        guard inFlight.removeValue(forKey: batchID) != nil else { return [] }
        var actions: [BatcherAction] = []
        cutBatches(force: false, into: &actions)
        appendCursorAdvance(into: &actions)
        appendAlarmTransitions(into: &actions)
        return actions
    }

    /// Sending the batch failed; it is resent by `tick` after a backoff.
    @discardableResult
    public mutating func failed(batchID: BatchID, now: Timestamp) -> [BatcherAction] {
        observe(now)
        if case .awaitingAck = inFlight[batchID]?.state { markFailed(batchID, now: now) }
        var actions: [BatcherAction] = []
        appendAlarmTransitions(into: &actions)
        return actions
    }

    /// Cuts whatever is queued now, window or not (shutdown, or an operator's flush), as far
    /// as backpressure allows.
    public mutating func flush(now: Timestamp) -> [BatcherAction] {
        observe(now)
        var actions: [BatcherAction] = []
        cutBatches(force: true, into: &actions)
        appendAlarmTransitions(into: &actions)
        return actions
    }

    // MARK: Observability

    /// Changes queued or in flight.
    public var backlogRows: Int { queue.count + inFlight.values.reduce(0) { $0 + $1.batch.changes.count } }

    /// Batches sent and not yet acknowledged (including those waiting for a retry).
    public var inFlightBatches: Int { inFlight.count }

    /// The batch with this id, while it is sent and not yet acknowledged.
    public func inFlightBatch(_ id: BatchID) -> OutboundBatch? { inFlight[id]?.batch }

    /// Capture time of the oldest change not yet acknowledged by the peer.
    public var oldestUnacknowledgedCapture: Timestamp? {
        inFlight.values.reduce(queue.firstCapturedAt) { oldest, flight in
            oldest.map { min($0, flight.oldestCapture) } ?? flight.oldestCapture
        }
    }

    /// Replication lag of this peer and tier: the age of the oldest unacknowledged change,
    /// zero when nothing is waiting.
    public func lag(now: Timestamp) -> Duration {
        oldestUnacknowledgedCapture.map { max(now - $0, .zero) } ?? .zero
    }

    /// When `tick` next has something to do (a window closing, a retry or a timeout falling
    /// due), so a shell can sleep until then; `nil` when idle.
    ///
    /// A window that closes while backpressure holds the batch back is no deadline: only an
    /// acknowledgement, a failure or a retry can free a slot, and each of those has its own.
    /// So after `tick(now:)` every deadline lies after `now`, and a shell sleeping until it
    /// never spins.
    public var nextDeadline: Timestamp? {
        var earliest = inFlight.count < max(settings.maxInFlight, 1) ? queue.firstCapturedAt.map { $0 + window } : nil
        for flight in inFlight.values {
            let due = switch flight.state {
            case .awaitingAck(let sentAt): sentAt + ackTimeout
            case .retryAt(let due): due
            }
            earliest = earliest.map { min($0, due) } ?? due
        }
        return earliest
    }

    // MARK: Internals

    /// How long the oldest queued change may wait for company before its batch is cut.
    private var window: Duration { min(tier.batchWindow, tier.maxLag) }

    private mutating func observe(_ time: Timestamp) { latestTime = max(latestTime, time) }

    private var queueIsFull: Bool {
        queue.count >= max(tier.maxBatchRows, 1) || queue.bytes >= tier.maxBatchBytes
    }

    private var windowElapsed: Bool {
        queue.firstCapturedAt.map { latestTime >= $0 + window } ?? false
    }

    private mutating func cutBatches(force: Bool, into actions: inout [BatcherAction]) {
        while !queue.isEmpty, inFlight.count < max(settings.maxInFlight, 1), force || queueIsFull || windowElapsed {
            let entries = queue.takeBatch(maxRows: max(tier.maxBatchRows, 1), maxBytes: tier.maxBatchBytes)
            let batch = makeBatch(entries)
            let oldestCapture = entries.map(\.capturedAt).min() ?? latestTime
            inFlight[batch.id] = InFlightBatch(batch: batch, oldestCapture: oldestCapture, failures: 0, state: .awaitingAck(sentAt: latestTime))
            actions.append(.send(batch))
        }
    }

    private mutating func makeBatch(_ entries: [PendingQueue.Entry]) -> OutboundBatch {
        let id = BatchID(rawValue: nextBatchNumber)
        nextBatchNumber += 1
        let first = entries.map(\.firstSequence).min() ?? highestSeen
        let last = entries.map(\.change.sequence).max() ?? highestSeen
        return OutboundBatch(
            id: id, peer: peer, tier: tier.name, compress: tier.compress, sequences: first...max(first, last),
            changes: entries.map(\.change), bytes: entries.reduce(0) { $0 + $1.change.bytes })
    }

    private mutating func markFailed(_ id: BatchID, now: Timestamp) {
        guard var flight = inFlight[id] else { return }
        flight.failures += 1
        flight.state = .retryAt(now + settings.retryDelay(afterFailures: flight.failures))
        inFlight[id] = flight
    }

    private mutating func appendCursorAdvance(into actions: inout [BatcherAction]) {
        let oldestOutstanding = inFlight.values.reduce(queue.firstSequence) { oldest, flight in
            oldest.map { min($0, flight.batch.sequences.lowerBound) } ?? flight.batch.sequences.lowerBound
        }
        let reachable = oldestOutstanding.map { $0 - 1 } ?? highestSeen
        guard reachable > cursor else { return }
        cursor = reachable
        actions.append(.advanceCursor(to: reachable))
    }

    private mutating func appendAlarmTransitions(into actions: inout [BatcherAction]) {
        let rows = backlogRows
        let lag = lag(now: latestTime)
        let cause: BacklogAlarm.Cause? =
            rows > settings.backlogLimit ? .rowLimit(settings.backlogLimit)
            : lag > tier.maxLag ? .lagObjective(tier.maxLag) : nil
        switch (cause, alarmRaised) {
        case (let cause?, false):
            alarmRaised = true
            actions.append(.backlogAlarm(BacklogAlarm(peer: peer, tier: tier.name, cause: cause, rows: rows, lag: lag)))
        case (nil, true):
            alarmRaised = false
            actions.append(.backlogCleared(peer: peer, tier: tier.name))
        default:
            break
        }
    }
}

/// A batch handed to the shell and not yet acknowledged.
struct InFlightBatch: Sendable {
    enum State: Sendable {
        case awaitingAck(sentAt: Timestamp)
        case retryAt(Timestamp)
    }

    var batch: OutboundBatch
    var oldestCapture: Timestamp
    var failures: Int
    var state: State
}
