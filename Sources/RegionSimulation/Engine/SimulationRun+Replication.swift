import RegionCore

/// Moving batches between regions: the batcher decides, the network carries, the receiver
/// re-checks residency and merges last-write-wins, the acknowledgement travels back.
extension SimulationRun {
    /// How long a sender waits on a connection to a peer that cannot be reached.
    static let connectTimeoutMilliseconds: Int64 = 2_000

    func performBatcher(_ actions: [BatcherAction], _ origin: Int, _ peer: Int, _ tier: Int) {
        for action in actions {
            switch action {
            case .send(let batch):
                send(batch, origin, peer, tier)
            case .advanceCursor(let sequence):
                trimWriteTimes(origin, candidate: sequence)
            case .backlogAlarm(let alarm):
                recorder.backlogAlarm(now, origin: regions[origin].rawValue, alarm)
            case .backlogCleared:
                break
            }
        }
        scheduleBatcherWake(origin, peer, tier)
    }

    func scheduleBatcherWake(_ origin: Int, _ peer: Int, _ tier: Int) {
        guard let deadline = batchers[origin][peer][tier].nextDeadline?.milliseconds else { return }
        // The batcher reports a window that closed while backpressure holds the batch
        // back as due; poll rather than spin until an acknowledgement frees a slot.
        let due = deadline > now ? deadline : now + Self.pollMilliseconds
        if let scheduled = batcherWakeAt[origin][peer][tier], scheduled >= now, scheduled <= due { return }
        batcherWakeAt[origin][peer][tier] = due
        queue.schedule(.batcherWake(origin: origin, peer: peer, tier: tier), at: due)
    }

    func batcherWake(_ origin: Int, _ peer: Int, _ tier: Int) {
        guard batcherWakeAt[origin][peer][tier] == now else { return }
        batcherWakeAt[origin][peer][tier] = nil
        guard network.isUp(regions[origin]) else { return }
        let actions = batchers[origin][peer][tier].tick(now: Timestamp(milliseconds: now))
        performBatcher(actions, origin, peer, tier)
    }

    private func send(_ batch: OutboundBatch, _ origin: Int, _ peer: Int, _ tier: Int) {
        recorder.batchesSent += 1
        guard network.canReach(regions[origin], regions[peer]) else {
            queue.schedule(.batchFailed(origin: origin, peer: peer, tier: tier, batch.id), at: now + Self.connectTimeoutMilliseconds)
            return
        }
        guard let delay = network.delivery(from: regions[origin], to: regions[peer]) else { return }
        queue.schedule(.batchArrives(origin: origin, peer: peer, tier: tier, batch), at: now + delay)
    }

    func batchArrives(_ origin: Int, _ peer: Int, _ tier: Int, _ batch: OutboundBatch) {
        let receiver = regions[peer]
        guard network.isUp(receiver) else { return }
        let physical = localTime(peer)
        let faultFree = lastFaultChange[origin]
        let receiverFault = lastFaultChange[peer]
        for change in batch.changes {
            let admission = policy.admits(row: change.row, class: change.residencyClass, at: receiver, from: regions[origin])
            guard admission.isAdmitted else {
                recorder.rejectedRows += 1
                continue
            }
            let observation = clocks[peer].observe(remote: change.row.version.hlc, physical: physical)
            if let skew = observation.skew { recorder.clockSkewFlagged(now, region: receiver.rawValue, skew) }
            if replicas[peer].apply(change.row) == .apply, let written = writeTimes[origin].time(of: change.sequence) {
                let undisturbed = written > faultFree && written > receiverFault
                recorder.lag(tier: tier, milliseconds: now - written, at: now, steady: undisturbed)
            }
        }
        guard let delay = network.delivery(from: receiver, to: regions[origin]) else { return }
        queue.schedule(.batchAcknowledged(origin: origin, peer: peer, tier: tier, batch.id), at: now + delay)
    }

    func batchAcknowledged(_ origin: Int, _ peer: Int, _ tier: Int, _ id: BatchID) {
        guard network.isUp(regions[origin]) else { return }
        let actions = batchers[origin][peer][tier].acknowledged(batchID: id, now: Timestamp(milliseconds: now))
        performBatcher(actions, origin, peer, tier)
    }

    func batchFailed(_ origin: Int, _ peer: Int, _ tier: Int, _ id: BatchID) {
        guard network.isUp(regions[origin]) else { return }
        let actions = batchers[origin][peer][tier].failed(batchID: id, now: Timestamp(milliseconds: now))
        performBatcher(actions, origin, peer, tier)
    }

    /// Drops write times no peer needs any more (every cursor of the origin passed them).
    private func trimWriteTimes(_ origin: Int, candidate: Int64) {
        var lowest = candidate
        for peer in regions.indices where peer != origin {
            for tier in config.tiers.indices { lowest = min(lowest, batchers[origin][peer][tier].cursor) }
        }
        writeTimes[origin].trim(through: lowest)
    }

    /// A region's catch-up lag per tier: the age of the oldest change a running peer has
    /// not yet delivered to it (zero when nothing waits), what failback waits on.
    func catchUpLag(of region: Int) -> [String: Duration] {
        var lag: [String: Duration] = [:]
        let time = Timestamp(milliseconds: now)
        for (tier, settings) in config.tiers.enumerated() {
            var worst = Duration.zero
            for origin in regions.indices where origin != region && network.isUp(regions[origin]) {
                worst = max(worst, batchers[origin][region][tier].lag(now: time))
            }
            lag[settings.name] = worst
        }
        return lag
    }

    /// Rows `region` wrote that no other region allowed to hold them has yet: what its
    /// failure puts at risk.
    func rowsHeldNowhereElse(_ region: Int) -> Int {
        let origin = regions[region]
        var atRisk = 0
        for (identity, row) in replicas[region].rows where row.version.origin == origin {
            guard let key = catalog.indexByIdentity[identity], let template = catalog.template(ofKey: key) else { continue }
            var replicable = false
            var heldElsewhere = false
            for peer in regions.indices where peer != region && policy.allows(className: template.className, region: regions[peer]) {
                replicable = true
                if let copy = replicas[peer][identity], copy.version >= row.version {
                    heldElsewhere = true
                    break
                }
            }
            if replicable, !heldElsewhere { atRisk += 1 }
        }
        return atRisk
    }
}
