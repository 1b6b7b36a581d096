import Foundation
import Logging
import RegionCore
import RegionNet
import RegionPostgres

/// Ships this region's changes to every peer: the sending half of replication.
///
/// One loop reads the changelog (woken by NOTIFY, with a poll as fallback) once per tier and
/// peer, turns each change into the core's `RowChange` (the core classifies residency and
/// fails closed), and feeds that lane's `ReplicationOutbox`, which decides what ships, what
/// is blocked and when a batch is cut. Batches are encoded (`PeerWire`, compressed for
/// `compress: true` tiers) and posted to the peer's `/v1/replicate` concurrently; an
/// acknowledgement advances that peer's cursor in the database, a failure leaves it where
/// it is. Transfers (once acknowledged) and blocks go to the residency log.
///
/// Each peer has its own lane so that one peer being down neither holds back the others
/// nor grows memory without bound: a lane stops reading once its peer's backlog passes
/// `replication.backlog_limit` (which also raises the backlog alarm). The rest of the
/// backlog waits in the changelog, durable, and is read as the peer acknowledges.
public actor Replicator {
    private let configuration: ReplicatorConfiguration
    private let reader: ChangeReader
    private let client: PeerClient
    private let audit: ResidencyAuditTrail
    private let translator: ChangeTranslator
    private let logger: Logger
    private let metrics: ReplicationMetrics
    private let doorbell = Doorbell()
    private var lanes: [LaneKey: TierLane] = [:]
    private var outgoing: [OutboundBatch] = []
    /// Records for the residency log, written before the next cursor move: transfers per
    /// acknowledged batch (with its size), blocks grouped at the flush.
    private var pendingTransfers: [AuditEvent] = []
    private var pendingBlocks: [ResidencyDecisionEvent] = []
    /// Each acknowledged batch's size on the wire, until its `delivered` action records it.
    private var acknowledgedWireBytes: [BatchID: Int] = [:]
    private var statistics: [String: DeliveryStatistics] = [:]
    private var stopping = false

    public init(
        configuration: ReplicatorConfiguration, reader: ChangeReader, codec: RowCodec, client: PeerClient,
        audit: ResidencyAuditTrail, metrics: ReplicationMetrics = .init(), logger: Logger
    ) {
        self.configuration = configuration
        self.reader = reader
        self.client = client
        self.audit = audit
        translator = ChangeTranslator(config: configuration.config, codec: codec)
        self.metrics = metrics
        self.logger = logger
    }

    // MARK: Running

    /// Replicates until cancelled or `stop()` is called; then lets batches already sent
    /// finish (their acknowledgements still move the cursors) and returns.
    ///
    /// - Parameter listener: a connection dedicated to LISTEN; without one, changes are
    ///   picked up by polling every `pollInterval`.
    public func run(listener: PostgresConnection?) async throws {
        try await prepareLanes()
        try await withThrowingTaskGroup(of: Void.self) { background in
            if let listener { background.addTask { await self.listenForChanges(on: listener) } }
            try await withThrowingDiscardingTaskGroup { deliveries in
                while !stopping, !Task.isCancelled {
                    let batches: [OutboundBatch]
                    do {
                        batches = try await step()
                    } catch let error as PostgresError {
                        // The database restarting must not stop the agent: read again once it is back.
                        logger.error("cannot read changes from PostgreSQL; retrying", metadata: ["error": "\(error)"])
                        try? await Task.sleep(for: configuration.pollInterval)
                        continue
                    }
                    for batch in batches {
                        deliveries.addTask { try await self.deliver(batch) }
                    }
                    try? await Task.sleep(for: configuration.minimumStepInterval)
                    await doorbell.wait(upTo: wakeDelay())
                }
            }
            background.cancelAll()
        }
        try await flushAudit()
        logger.info("replication stopped", metadata: ["region": "\(configuration.region)"])
    }

    /// Stops reading new changes; `run` returns once batches in flight are answered.
    public func stop() async {
        stopping = true
        await doorbell.ring()
    }

    // MARK: Observability

    /// Changes queued or in flight for `peer`, over all tiers.
    public func backlogRows(peer: RegionName) -> Int {
        lanes.filter { $0.key.peer == peer }.values.reduce(0) { $0 + $1.outbox.backlogRows(peer: peer) }
    }

    /// Age of the oldest change of each tier that `peer` has not acknowledged.
    public func lagByTier(peer: RegionName) -> [String: Duration] {
        let now = configuration.clock()
        var lag: [String: Duration] = [:]
        for (key, lane) in lanes where key.peer == peer {
            lag[key.tier] = lane.outbox.lag(peer: peer, tier: key.tier, now: now)
        }
        return lag
    }

    /// What was delivered so far, per tier (all peers).
    public func deliveryStatistics() -> [String: DeliveryStatistics] { statistics }

    // MARK: Loop

    private func prepareLanes() async throws {
        for tier in configuration.config.tiers {
            for peer in configuration.peers {
                let cursor = try await reader.cursor(peer: peer, tier: tier.name)
                lanes[LaneKey(tier: tier.name, peer: peer)] = TierLane(
                    config: configuration.config, tier: tier, origin: configuration.region, peer: peer, start: cursor)
            }
        }
    }

    /// Reads what is new, lets time pass in every outbox, and returns the batches to send.
    private func step() async throws -> [OutboundBatch] {
        for key in lanes.keys.sorted() {
            try await readChanges(key)
            let now = configuration.clock()
            if let actions = lanes[key]?.outbox.tick(now: now) { try await perform(actions, lane: key) }
        }
        try await flushAudit()
        publishGauges()
        defer { outgoing.removeAll() }
        return outgoing
    }

    /// Reads the lane's next pages while its peer's backlog is within the limit; one row past
    /// it raises the backlog alarm, and the rest stays in the changelog until
    /// acknowledgements make room.
    private func readChanges(_ key: LaneKey) async throws {
        let backlogLimit = configuration.config.replication.backlogLimit
        for _ in 0..<configuration.maxPagesPerStep {
            guard let lane = lanes[key] else { return }
            let room = backlogLimit + 1 - lane.outbox.backlogRows(peer: key.peer)
            guard room > 0 else { return }
            let limit = min(configuration.pageSize, room)
            let page = try await reader.read(tier: key.tier, after: lane.readPosition, limit: limit)
            for change in page.changes { try await capture(change, lane: key) }
            if page.scanned < limit { return }
        }
    }

    /// Mutates the lane in place (`lanes[key]?...`): copying it out would copy the
    /// outbox's queues on every change.
    private func capture(_ change: CapturedChange, lane key: LaneKey) async throws {
        guard let sequence = lanes[key]?.number(change.position) else { return }
        let actions: [OutboxAction]?
        if let rowChange = translator.rowChange(change) {
            let committedAt = Timestamp(milliseconds: change.version.hlc.physicalMilliseconds)
            actions = lanes[key]?.outbox.capture(rowChange, sequence: sequence, capturedAt: committedAt)
        } else {
            logger.error("changelog entry is not a JSON row; it stays in this region", metadata: [
                "table": "\(change.table)", "position": "\(change.position)",
            ])
            actions = lanes[key]?.outbox.skip(upTo: sequence)
        }
        try await perform(actions ?? [], lane: key)
    }

    /// Until the next window, retry or timeout falls due. A deadline already past after a
    /// step means a cut waits for backpressure (too many batches in flight): only an
    /// acknowledgement or failure can release it, and those ring the doorbell, so waiting
    /// for a past deadline would only spin.
    private func wakeDelay() -> Duration {
        let now = configuration.clock()
        let deadline = lanes.values.compactMap(\.outbox.nextDeadline).filter { $0 > now }.min()
        return min(deadline.map { $0 - now } ?? configuration.pollInterval, configuration.pollInterval)
    }

    // MARK: Actions

    private func perform(_ actions: [OutboxAction], lane key: LaneKey) async throws {
        for action in actions {
            switch action {
            case .send(let batch):
                outgoing.append(batch)
            case .delivered(let batch):
                pendingTransfers += ResidencyAuditTrail.events(
                    for: batch.transferEvents(from: configuration.region),
                    bytes: acknowledgedWireBytes.removeValue(forKey: batch.id) ?? 0)
            case .blocked(let event):
                pendingBlocks.append(event)
                metrics.blocked(peer: event.to, tier: key.tier)
            case .originViolation(let violation):
                metrics.originViolation(table: violation.table)
                logger.warning("row stored in a region its residency class does not allow; fix the application's routing", metadata: [
                    "table": "\(violation.table)", "class": "\(violation.className)", "region": "\(violation.region)",
                ])
            case .advanceCursor(let peer, let sequence):
                try await flushAudit()
                guard let position = lanes[key]?.cursorPosition(sequence: sequence) else { continue }
                do {
                    try await reader.acknowledge(peer: peer, tier: key.tier, through: position)
                } catch let error as PostgresError {
                    // Delivery is at-least-once: a cursor saved late only means rows re-sent after a restart.
                    logger.warning("could not save the peer's cursor; the next acknowledgement saves it", metadata: [
                        "peer": "\(peer)", "tier": "\(key.tier)", "error": "\(error)",
                    ])
                }
            case .backlogAlarm(let alarm):
                metrics.alarm(true, peer: alarm.peer, tier: alarm.tier)
                logger.error("replication backlog alarm", metadata: ["alarm": "\(alarm)"])
            case .backlogCleared(let peer, let tierName):
                metrics.alarm(false, peer: peer, tier: tierName)
                logger.notice("replication backlog cleared", metadata: ["peer": "\(peer)", "tier": "\(tierName)"])
            }
        }
    }

    /// Writes transfers and blocks gathered so far; before a cursor moves, so the log never
    /// misses a row the cursor has passed.
    private func flushAudit() async throws {
        let events = pendingTransfers + ResidencyAuditTrail.events(for: pendingBlocks, bytes: 0)
        pendingTransfers.removeAll()
        pendingBlocks.removeAll()
        try await audit.append(events, at: configuration.clock())
    }

    private func publishGauges() {
        let now = configuration.clock()
        for peer in configuration.peers {
            metrics.backlog(backlogRows(peer: peer), peer: peer)
        }
        for (key, lane) in lanes {
            metrics.lag(lane.outbox.lag(peer: key.peer, tier: key.tier, now: now), peer: key.peer, tier: key.tier)
        }
    }

    // MARK: Delivery

    /// Sends one batch and reports the outcome to its outbox; runs outside the actor so
    /// batches to different peers travel concurrently.
    private nonisolated func deliver(_ batch: OutboundBatch) async throws {
        let body: PeerWireBody
        do {
            body = try configuration.wire.encode(ReplicateRequest(origin: configuration.region, batch: batch))
        } catch {
            logger.error("could not encode a batch; it will be retried", metadata: ["batch": "\(batch.id)", "error": "\(error)"])
            return try await failed(batch)
        }
        let response: PeerResponse
        do {
            response = try await client.send(body, to: .replicate, of: batch.peer)
        } catch {
            logger.debug("batch not delivered", metadata: ["peer": "\(batch.peer)", "tier": "\(batch.tier)", "error": "\(error)"])
            return try await failed(batch)
        }
        guard response.isSuccess,
              let acknowledgement = try? JSONDecoder().decode(ReplicateAcknowledgement.self, from: Data(response.body)),
              acknowledgement.batchID == batch.id
        else {
            logger.warning("peer refused a batch; it will be retried", metadata: [
                "peer": "\(batch.peer)", "tier": "\(batch.tier)", "answer": "\(response.failureDescription)",
            ])
            if (400..<500).contains(response.status) {
                metrics.rejectedByPeer(reason: response.refusal?.reason ?? "status_\(response.status)", peer: batch.peer, tier: batch.tier)
            }
            return try await failed(batch)
        }
        try await acknowledged(batch, acknowledgement, body: body)
    }

    private func acknowledged(_ batch: OutboundBatch, _ acknowledgement: ReplicateAcknowledgement, body: PeerWireBody) async throws {
        if acknowledgement.rejected > 0 {
            logger.warning("peer rejected rows on residency; its regions.yaml differs from this one", metadata: [
                "peer": "\(batch.peer)", "rows": "\(acknowledgement.rejected)",
            ])
        }
        metrics.batch("acknowledged", peer: batch.peer, tier: batch.tier)
        metrics.stalled(false, peer: batch.peer, tier: batch.tier)
        metrics.shipped(
            rows: batch.changes.count, wireBytes: body.bytes.count, jsonBytes: body.uncompressedLength,
            peer: batch.peer, tier: batch.tier)
        statistics[batch.tier, default: DeliveryStatistics()].record(batch, body: body)
        acknowledgedWireBytes[batch.id] = body.bytes.count
        let key = LaneKey(tier: batch.tier, peer: batch.peer)
        guard let actions = lanes[key]?.outbox.acknowledged(
            peer: batch.peer, tier: batch.tier, batchID: batch.id, now: configuration.clock())
        else { return }
        try await perform(actions, lane: key)
        await doorbell.ring()
    }

    private func failed(_ batch: OutboundBatch) async throws {
        metrics.batch("failed", peer: batch.peer, tier: batch.tier)
        let key = LaneKey(tier: batch.tier, peer: batch.peer)
        guard let actions = lanes[key]?.outbox.failed(
            peer: batch.peer, tier: batch.tier, batchID: batch.id, now: configuration.clock())
        else { return }
        try await perform(actions, lane: key)
        await doorbell.ring()
    }

    // MARK: Wake-ups

    private func listenForChanges(on listener: PostgresConnection) async {
        while !Task.isCancelled {
            do {
                try await listener.listen(InstallScript.notifyChannel)
                while !Task.isCancelled {
                    let notifications = try await listener.notifications(waitingUpTo: .milliseconds(250))
                    if !notifications.isEmpty { await doorbell.ring() }
                }
            } catch {
                logger.warning("lost the LISTEN connection; polling until it is back", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: configuration.pollInterval)
            }
        }
    }
}
