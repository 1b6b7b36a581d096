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
        guard let template = catalog.template(ofKey: key) else { return }
        guard policy.allows(className: template.className, region: regions[target]) else {
            recorder.refusedWrite(now, home: regions[home].rawValue, region: regions[target].rawValue, className: template.className)
            return
        }
        write(key: key, template: template, in: target)
    }

    /// A fresh key from the home's mix, or (at the conflict rate) a key another region
    /// wrote recently, provided this region may hold it.
    private func pickKey(home: Int, writingIn target: Int) -> Int? {
        if loadPlan.conflictRate > 0, conflictRandom.chance(loadPlan.conflictRate) {
            let other = (target + 1 + conflictRandom.below(max(1, regions.count - 1))) % regions.count
            if other != target, let key = recentKeys[other].pick(&conflictRandom),
                let template = catalog.template(ofKey: key),
                policy.allows(className: template.className, region: regions[target])
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
    /// stored, and handed to the tier batcher of every peer the residency policy allows.
    private func write(key: Int, template: RowCatalog.Template, in region: Int) {
        let identity = catalog.identity(ofKey: key)
        let previous = replicas[region][identity]?.version
        let hlc = clocks[region].now(physical: localTime(region))
        let row = replicas[region].write(
            table: identity.table, key: identity.key, values: template.values, now: hlc, origin: regions[region])
        if let latest = latestVersion[key] {
            if latest != previous { recorder.conflicts += 1 }
            if latest < row.version { latestVersion[key] = row.version }
        } else {
            latestVersion[key] = row.version
        }
        recorder.totalWrites += 1
        recentKeys[region].record(key)
        sequences[region] += 1
        writeTimes[region].append(now)
        let change = OutboundChange(sequence: sequences[region], row: row, residencyClass: template.className, bytes: template.bytes)
        let templateIndex = template.classIndex * catalog.tierNames.count + template.tierIndex
        let capturedAt = Timestamp(milliseconds: now)
        for peer in regions.indices where peer != region {
            switch routes.route(origin: region, template: templateIndex, peer: peer) {
            case .ship, .tombstone:
                let actions = batchers[region][peer][template.tierIndex].enqueue(change, capturedAt: capturedAt)
                performBatcher(actions, region, peer, template.tierIndex)
            case .block:
                recorder.blockedTransfers += 1
            }
        }
    }
}
