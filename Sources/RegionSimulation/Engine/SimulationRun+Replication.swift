import RegionCore

/// Moving batches between regions: the batcher decides, the network carries, the receiver
/// re-checks residency and merges last-write-wins, the acknowledgement travels back.
extension SimulationRun {
    /// How long a sender waits on a connection to a peer that cannot be reached.
    static let connectTimeoutMilliseconds: Int64 = 2_000

    mutating func performBatcher(_ actions: [CohortBatcher.Action], _ origin: Int, _ peer: Int, _ tier: Int, ticked: Bool = false) {
        for action in actions {
            switch action {
            case .send(let batch):
                if !batch.cohort.isSealed { seal(batch.cohort, origin, peer, tier) }
                send(batch, origin, peer, tier)
            case .backlogAlarm(let cause, let rows, let lag):
                let alarm = BacklogAlarm(peer: regions[peer], tier: config.tiers[tier].name, cause: cause, rows: rows, lag: .milliseconds(lag))
                recorder.backlogAlarm(now, origin: regions[origin].rawValue, alarm)
            case .backlogCleared:
                break
            }
        }
        scheduleBatcherWake(origin, peer, tier, justTicked: ticked)
    }

    /// The batcher cut the cohort: its fresh rows are the origin's ledger entries since it
    /// opened, and the receiver's clock will observe the newest of them it admits.
    private mutating func seal(_ cohort: WriteCohort, _ origin: Int, _ peer: Int, _ tier: Int) {
        let ledger = originWrites[origin]
        let end = ledger.endOfKeptEntries
        let templates = max(1, catalog.templates.count)
        let admitted = freshRouting.deliveredTemplates[link(origin, peer, tier)]
        var newest: UInt64 = 0
        if !admitted.isEmpty, end > cohort.firstFreshEntry {
            var step = (end - 1) / templates
            while newest == 0, step * templates + templates > cohort.firstFreshEntry, step >= ledger.firstStep {
                if admitted.contains(where: { ledger.rows(entry: step * templates + $0) > 0 }) { newest = ledger.hlc(ofStep: step) }
                step -= 1
            }
        }
        cohort.seal(endEntry: end, newestAdmittedHLC: newest)
    }

    /// Wakes the batcher at its `nextDeadline`. The core promises that lies after the time
    /// of its last `tick`; should it not, the wake moves one millisecond on rather than
    /// looping at one instant.
    mutating func scheduleBatcherWake(_ origin: Int, _ peer: Int, _ tier: Int, justTicked: Bool = false) {
        guard let deadline = batchers[link(origin, peer, tier)].nextDeadline else { return }
        let due = deadline > now ? deadline : (justTicked ? now + 1 : now)
        if let scheduled = links[link(origin, peer, tier)].wakeAt, scheduled <= due { return }
        links[link(origin, peer, tier)].wakeAt = due
    }

    /// Index of a link (origin, peer, tier) in `links` and `batchers`.
    func link(_ origin: Int, _ peer: Int, _ tier: Int) -> Int { (origin * regions.count + peer) * config.tiers.count + tier }

    /// Lets every link catch up to `target`: each batch arrival, answer and batcher wake-up
    /// due by then happens at its own time, in time order within the link.
    mutating func advanceLinks(to target: Int64) {
        let resumeAt = now
        for origin in regions.indices {
            for peer in regions.indices where peer != origin {
                for tier in config.tiers.indices where links[link(origin, peer, tier)].nextDueAt <= target {
                    while let (time, due) = links[link(origin, peer, tier)].takeNext(dueBy: target) {
                        now = time
                        switch due {
                        case .arrival(let batch): batchArrives(origin, peer, tier, batch)
                        case .acknowledged(let id): batchAcknowledged(origin, peer, tier, id)
                        case .failed(let id): batchFailed(origin, peer, tier, id)
                        case .wake: batcherWake(origin, peer, tier)
                        }
                    }
                }
            }
        }
        now = resumeAt
    }

    private mutating func batcherWake(_ origin: Int, _ peer: Int, _ tier: Int) {
        guard network.isUp(origin) else { return }
        let actions = batchers[link(origin, peer, tier)].tick(now: now)
        performBatcher(actions, origin, peer, tier, ticked: true)
    }

    private mutating func send(_ batch: CohortBatcher.Batch, _ origin: Int, _ peer: Int, _ tier: Int) {
        recorder.batchesSent += 1
        guard network.canReach(origin, peer) else {
            links[link(origin, peer, tier)].answerWillArrive(batch.id, acknowledged: false, at: now + Self.connectTimeoutMilliseconds)
            return
        }
        guard let delay = network.delivery(from: origin, to: peer) else { return }
        links[link(origin, peer, tier)].batchWillArrive(batch, at: now + delay)
    }

    /// The receiver re-checks residency and merges every write of the batch's cohorts
    /// last-write-wins, measuring the lag of each write it applies.
    private mutating func batchArrives(_ origin: Int, _ peer: Int, _ tier: Int, _ batch: CohortBatcher.Batch) {
        let receiver = regions[peer]
        guard network.isUp(peer) else { return }
        let faultFree = max(lastFaultChange[origin], lastFaultChange[peer])
        var newest = CompactVersion.absent
        let cohort = batch.cohort
        if let entries = cohort.freshEntries {
            recorder.rejectedRows += cohort.refusedFreshRows
            if cohort.newestAdmittedFreshHLC > 0 {
                newest = max(newest, CompactVersion(hlc: cohort.newestAdmittedFreshHLC, originRank: ranks.rankOf[origin]))
            }
            deliverFresh(entries, origin, peer, tier, faultFree: faultFree)
        }
        for write in cohort.writes {
            guard admissions.admits(receiver: peer, template: Int(write.template), sender: origin) else {
                recorder.rejectedRows += 1
                continue
            }
            newest = max(newest, write.version)
            if stores[peer].apply(Int(write.key), write.version) {
                recorder.lag(tier: tier, milliseconds: now - write.writtenAt, at: now, steady: write.writtenAt > faultFree)
            }
        }
        originWrites[origin].foldDelivered()
        if !newest.isAbsent {
            let observation = clocks[peer].observe(remote: HLC(rawValue: newest.hlc), physical: localTime(peer))
            if let skew = observation.skew { recorder.clockSkewFlagged(now, region: receiver.rawValue, skew) }
        }
        guard let delay = network.delivery(from: peer, to: origin) else { return }
        links[link(origin, peer, tier)].answerWillArrive(batch.id, acknowledged: true, at: now + delay)
    }

    /// Merges the fresh rows of a cohort's ledger entries the receiver admits, measuring the
    /// lag of those it did not hold yet. Entries folded meanwhile are held everywhere already.
    /// A step's rows were written at its start: load steps fall on multiples of
    /// `loadStepMilliseconds` from time 0.
    private mutating func deliverFresh(_ entries: ClosedRange<Int>, _ origin: Int, _ peer: Int, _ tier: Int, faultFree: Int64) {
        let templates = catalog.templates.count
        let delivered = freshRouting.deliveredTemplates[link(origin, peer, tier)]
        let first = max(entries.lowerBound, originWrites[origin].firstKeptEntry)
        let last = min(entries.upperBound, originWrites[origin].endOfKeptEntries - 1)
        guard !delivered.isEmpty, first <= last else { return }
        for step in originWrites[origin].step(ofEntry: first)...originWrites[origin].step(ofEntry: last) {
            let writtenAt = Int64(step) * Self.loadStepMilliseconds
            for template in delivered {
                let entry = step * templates + template
                guard entry >= first, entry <= last else { continue }
                let rows = originWrites[origin].deliver(entry: entry, to: peer)
                if rows > 0 {
                    recorder.lag(tier: tier, milliseconds: now - writtenAt, rows: Int(rows), at: now, steady: writtenAt > faultFree)
                }
            }
        }
    }

    private mutating func batchAcknowledged(_ origin: Int, _ peer: Int, _ tier: Int, _ id: UInt64) {
        guard network.isUp(origin) else { return }
        var acknowledged = batchers[link(origin, peer, tier)].cohort(ofBatch: id)
        let actions = batchers[link(origin, peer, tier)].acknowledged(batchID: id, now: now)
        spareCohorts.recycle(&acknowledged)
        performBatcher(actions, origin, peer, tier)
    }

    private mutating func batchFailed(_ origin: Int, _ peer: Int, _ tier: Int, _ id: UInt64) {
        guard network.isUp(origin) else { return }
        let actions = batchers[link(origin, peer, tier)].failed(batchID: id, now: now)
        performBatcher(actions, origin, peer, tier)
    }

    /// A region's catch-up lag per tier: the age of the oldest change a running peer has
    /// not yet delivered to it (zero when nothing waits), what failback waits on.
    func catchUpLag(of region: Int) -> [String: Duration] {
        var lag = [String: Duration](minimumCapacity: config.tiers.count)
        for (tier, settings) in config.tiers.enumerated() {
            var worst: Int64 = 0
            for origin in regions.indices where origin != region && network.isUp(origin) {
                worst = max(worst, batchers[link(origin, region, tier)].lag(now: now))
            }
            lag[settings.name] = .milliseconds(worst)
        }
        return lag
    }

    /// Rows `region` wrote that no other region allowed to hold them has yet: what its
    /// failure puts at risk (tracked keys by their newest version, fresh rows by count).
    func rowsHeldNowhereElse(_ region: Int) -> Int {
        let rank = ranks.rankOf[region]
        let peers = regions.indices.filter { $0 != region }
        let allowedPeers = catalog.mayHold.map { mayHold in peers.filter { mayHold[$0] } }
        var atRisk = 0
        stores[region].forEachHeld { key, version in
            guard version.originRank == rank else { return }
            let allowed = allowedPeers[catalog.templateIndex(ofKey: key)]
            guard !allowed.isEmpty else { return }
            if !allowed.contains(where: { stores[$0][key] >= version }) { atRisk += 1 }
        }
        let writes = originWrites[region]
        let originBit = UInt64(1) << UInt64(region)
        writes.forEachKept { template, rows, held in
            if writes.fullMask[template] & ~originBit != 0, held & ~originBit == 0 { atRisk += rows }
        }
        return atRisk
    }
}
