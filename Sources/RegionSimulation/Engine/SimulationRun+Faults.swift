import RegionCore

/// Injecting the scenario's faults and operator actions.
extension SimulationRun {
    mutating func inject(_ event: ScenarioEvent) {
        switch event.kind {
        case .regionDown(let region):
            recorder.note(now, .fault, region.rawValue, "\(region) goes down (application, database and agent)")
            setRegion(region, down: true, cause: "region down")
        case .regionUp(let region):
            recorder.note(now, .fault, region.rawValue, "\(region) comes back up")
            setRegion(region, down: false, cause: "region up")
        case .partition(let groups, let lasting):
            let id = recorder.partitionStarted(now, groups: groups)
            network.startPartition(id: id, groups: groups)
            for index in groups.flatMap({ $0 }).compactMap({ indexOf[$0] }) { lastFaultChange[index] = now }
            let text = groups.map { "[" + $0.map(\.rawValue).joined(separator: ", ") + "]" }.joined(separator: " | ")
            recorder.note(now, .fault, nil, "network partition \(text)" + (lasting.map { " for \(Self.format($0))" } ?? ""))
            for region in Self.minorityRegions(groups, voters: regions) {
                recorder.openOutage(now, region: region.rawValue, cause: "partition")
            }
            if let lasting { queue.schedule(.partitionEnds(id: id), at: now + lasting.milliseconds) }
        case .dnsOutage(let lasting):
            provider.startOutage(until: now + lasting.milliseconds)
            recorder.note(now, .fault, nil, "DNS provider outage for \(Self.format(lasting)): changes are refused")
            queue.schedule(.dnsOutageEnds, at: now + lasting.milliseconds)
        case .clockSkew(let region, let offset):
            guard let index = indexOf[region] else { return }
            clockSkew[index] = offset.milliseconds
            recorder.note(now, .fault, region.rawValue, "\(region)'s clock now runs \(offset.milliseconds) ms off")
            if agentRunning[index] { restartWakeAfterSkew(index) }
        case .drain(let region):
            recorder.note(now, .fault, region.rawValue, "operator drains \(region)")
            recorder.drainChanged(now, region: region.rawValue, drained: true)
            setDrain(region, drained: true)
        case .undrain(let region):
            recorder.note(now, .fault, region.rawValue, "operator undrains \(region)")
            recorder.drainChanged(now, region: region.rawValue, drained: false)
            setDrain(region, drained: false)
        case .flap(let region, let down, let up, let lasting):
            recorder.note(now, .fault, region.rawValue, "\(region) starts flapping: \(Self.format(down)) down, \(Self.format(up)) up, for \(Self.format(lasting))")
            guard let index = indexOf[region] else { return }
            flapToggle(index, goingDown: true, endsAt: now + lasting.milliseconds, down: down, up: up)
        }
    }

    mutating func flapToggle(_ region: Int, goingDown: Bool, endsAt: Int64, down: Duration, up: Duration) {
        if now >= endsAt {
            if !network.isUp(region) { setRegion(regions[region], down: false, cause: "flap ends") }
            return
        }
        setRegion(regions[region], down: goingDown, cause: "flap")
        let next = now + (goingDown ? down : up).milliseconds
        queue.schedule(.flapToggle(region: region, goingDown: !goingDown, endsAt: endsAt, down: down, up: up), at: min(next, endsAt))
    }

    mutating func endPartition(_ id: Int) {
        network.endPartition(id: id)
        for index in recorder.partitionEnded(now, id: id).compactMap({ indexOf[RegionName($0)] }) { lastFaultChange[index] = now }
        recorder.note(now, .fault, nil, "network partition heals")
    }

    private mutating func setRegion(_ region: RegionName, down: Bool, cause: String) {
        guard let index = indexOf[region], network.isUp(region) == down else { return }
        lastFaultChange[index] = now
        network.setDown(region, down)
        if down {
            recorder.openOutage(now, region: region.rawValue, cause: cause)
            recorder.writesAtRisk(now, region: region.rawValue, rows: rowsHeldNowhereElse(index))
            agents[index] = nil
            agentRunning[index] = false
            agentWakeUp[index] = nil
            wakeScheduled[index] = nil
        } else {
            recorder.closeOutage(now, region: region.rawValue)
            restartAgent(index)
            for peer in regions.indices {
                for tier in config.tiers.indices { scheduleBatcherWake(index, peer, tier) }
            }
        }
    }

    /// The agent's deadlines are in its own clock; after a jump they are re-armed.
    private mutating func restartWakeAfterSkew(_ region: Int) {
        wakeScheduled[region] = nil
        scheduleWake(region)
    }

    /// Regions cut off from the largest group of a partition: the ones whose service is lost.
    static func minorityRegions(_ groups: [[RegionName]], voters: [RegionName]) -> [RegionName] {
        let sizes = groups.map(\.count)
        guard let largest = sizes.max(), sizes.filter({ $0 == largest }).count == 1 else { return [] }
        return groups.filter { $0.count < largest }.flatMap { $0 }
    }

    static func format(_ duration: Duration) -> String { ConfigDuration.format(duration) }
}
