import RegionCore

/// The application's writes: users homed in each region write through their resolver's
/// answer, into that region's database, and the change is captured for replication.
extension SimulationRun {
    func loadStep() {
        guard !loadStopped else { return }
        for home in regions.indices {
            let count = loadRandom.poisson(mean: loadPlan.meanPerStep[home])
            for _ in 0..<count { userWrite(home: home) }
        }
        queue.schedule(.loadStep, at: now + Self.loadStepMilliseconds)
    }

    private func userWrite(home: Int) {
        guard let target = servingRegion(forUserOf: home) else { return }
        guard network.isUp(regions[target]) else {
            recorder.failedWrites += 1
            return
        }
        guard let key = pickKey(home: home, writingIn: target) else { return }
        let templateIndex = catalog.templateIndex(ofKey: key)
        guard let bytes = catalog.rowBytes[templateIndex] else { return }
        guard catalog.mayHold[templateIndex][target] else {
            let className = catalog.templates[templateIndex]?.className ?? "?"
            recorder.refusedWrite(now, home: regions[home].rawValue, region: regions[target].rawValue, className: className)
            return
        }
        write(key: key, templateIndex: templateIndex, bytes: bytes, in: target)
    }

    /// A fresh key from the home's mix, or (at the conflict rate) a key another region
    /// wrote recently, provided this region may hold it.
    private func pickKey(home: Int, writingIn target: Int) -> Int? {
        if loadPlan.conflictRate > 0, conflictRandom.chance(loadPlan.conflictRate) {
            let other = (target + 1 + conflictRandom.below(max(1, regions.count - 1))) % regions.count
            if other != target, let key = recentKeys[other].pick(&conflictRandom),
                catalog.mayHold[catalog.templateIndex(ofKey: key)][target]
            {
                return key
            }
        }
        guard let classIndex = LoadPlan.pick(loadPlan.classCumulative[home], &loadRandom),
            let tierIndex = LoadPlan.pick(loadPlan.tierCumulative, &loadRandom)
        else { return nil }
        return catalog.key(home: home, classIndex: classIndex, tierIndex: tierIndex, number: loadRandom.below(catalog.keysPerBucket))
    }

    /// One committed write: versioned by the region's HLC and the row's previous version,
    /// stored, and added to the open cohort of every peer the residency policy allows.
    private func write(key: Int, templateIndex: Int, bytes: Int, in region: Int) {
        let previous = stores[region][key]
        let hlc = clocks[region].now(physical: localTime(region))
        let version = CompactVersion.next(previous: previous, now: hlc, originRank: ranks.rankOf[region])
        stores[region].write(key, version)
        let latest = latestVersion[key]
        if !latest.isAbsent, latest != previous { recorder.conflicts += 1 }
        if latest < version { latestVersion[key] = version }
        recorder.totalWrites += 1
        recentKeys[region].record(key)
        let tier = templateIndex % catalog.tierNames.count
        for peer in regions.indices where peer != region {
            switch routes.route(origin: region, template: templateIndex, peer: peer) {
            case .ship, .tombstone:
                addToCohort(key: key, version: version, template: templateIndex, bytes: bytes, region, peer, tier)
            case .block:
                recorder.blockedTransfers += 1
            }
        }
    }

    /// Adds a write to the open cohort of the peer and tier; the first write of a cohort
    /// hands its change to the real batcher (which may cut it at once).
    private func addToCohort(key: Int, version: CompactVersion, template: Int, bytes: Int, _ origin: Int, _ peer: Int, _ tier: Int) {
        if let open = ledgers[origin].openCohort(peer: peer, tier: tier) {
            open.append(key: key, version: version, at: now, template: template)
            return
        }
        let (sequence, cohort) = ledgers[origin].startCohort(peer: peer, tier: tier)
        cohort.append(key: key, version: version, at: now, template: template)
        let change = OutboundChange(
            sequence: sequence, row: Self.cohortRow(sequence, origin: regions[origin]), residencyClass: nil, bytes: bytes)
        let actions = batchers[origin][peer][tier].enqueue(change, capturedAt: Timestamp(milliseconds: now))
        performBatcher(actions, origin, peer, tier)
    }

    /// The queued change that stands for a cohort: a row of its own, so the batcher never
    /// coalesces two cohorts.
    static func cohortRow(_ sequence: Int64, origin: RegionName) -> VersionedRow {
        VersionedRow(table: "cohort", key: RowKey(String(sequence)), version: Version(hlc: HLC(rawValue: UInt64(sequence)), origin: origin), values: nil)
    }
}
