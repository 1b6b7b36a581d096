import RegionCore

/// The application's writes: users homed in each region write through their resolver's
/// answer, into that region's database, and the change is captured for replication.
///
/// Each load step draws, per home and serving region, how many writes of each kind users
/// make (`WriteMix`: conflicting, tracked, fresh rows per template). Only the writes whose
/// key matters are kept one by one: conflicting writes and a sample of fresh writes forming
/// the pool they draw from. The other fresh rows are counted per load step and template in
/// the origin's ledger (`OriginWrites`), and cohorts carry them as a span of that ledger.
extension SimulationRun {
    /// Share of fresh writes given a key of their own, the pool conflicting writes draw from.
    static let trackedShare = 1.0 / 16

    mutating func loadStep() {
        guard !loadStopped else { return }
        if writeMixesAreStale { updateWriteMixes() }
        var freshRows = [UInt32](repeating: 0, count: regions.count * catalog.templates.count)
        for home in regions.indices {
            for mix in writeMixes[home] { userWrites(home: home, mix, freshRows: &freshRows) }
        }
        commitFreshRows(freshRows, step: Int(now / Self.loadStepMilliseconds))
        queue.schedule(.loadStep, at: now + Self.loadStepMilliseconds)
    }

    /// Works the write mixes out again from the resolvers' cached answers (after any changed).
    mutating func updateWriteMixes() {
        writeMixes = regions.indices.map { home in
            WriteMix.mixes(
                home: home, routeShares: resolvers[homeGeo[home]].routeShares(regions: regions.count), loadPlan: loadPlan,
                templateShares: templateShares[home], trackedShare: Self.trackedShare)
        }
        writeMixesAreStale = false
    }

    /// One step's writes of users homed in `home` that land on `mix.target`; fresh rows
    /// without a tracked key are only counted in `freshRows` (indexed by region, then template).
    private mutating func userWrites(home: Int, _ mix: WriteMix, freshRows: inout [UInt32]) {
        let target = mix.target
        guard network.isUp(target) else {
            recorder.failedWrites += loadRandom.poisson(mix.all)
            return
        }
        for _ in 0..<loadRandom.poisson(mix.conflicting) {
            if let key = conflictingKey(writingIn: target) {
                let templateIndex = catalog.templateIndex(ofKey: key)
                if let bytes = catalog.rowBytes[templateIndex] { write(key: key, templateIndex: templateIndex, bytes: bytes, in: target) }
            } else {
                ordinaryWrite(home: home, target: target, tracked: loadRandom.chance(Self.trackedShare), freshRows: &freshRows)
            }
        }
        for _ in 0..<loadRandom.poisson(mix.tracked) {
            ordinaryWrite(home: home, target: target, tracked: true, freshRows: &freshRows)
        }
        for (template, draw) in mix.fresh {
            let rows = loadRandom.poisson(draw)
            guard rows > 0 else { continue }
            guard catalog.mayHold[template][target] else {
                refuse(rows: rows, home: home, target: target, template: template)
                continue
            }
            freshRows[target * catalog.templates.count + template] += UInt32(truncatingIfNeeded: rows)
        }
    }

    /// One write whose class and tier are drawn on its own: tracked ones get a key.
    private mutating func ordinaryWrite(home: Int, target: Int, tracked: Bool, freshRows: inout [UInt32]) {
        guard let classIndex = LoadPlan.pick(loadPlan.classCumulative[home], &loadRandom),
            let tierIndex = LoadPlan.pick(loadPlan.tierCumulative, &loadRandom)
        else { return }
        let templateIndex = classIndex * catalog.tierNames.count + tierIndex
        guard let bytes = catalog.rowBytes[templateIndex] else { return }
        guard catalog.mayHold[templateIndex][target] else {
            refuse(rows: 1, home: home, target: target, template: templateIndex)
            return
        }
        if tracked {
            let key = catalog.key(home: home, classIndex: classIndex, tierIndex: tierIndex, number: loadRandom.below(catalog.keysPerBucket))
            write(key: key, templateIndex: templateIndex, bytes: bytes, in: target)
        } else {
            freshRows[target * catalog.templates.count + templateIndex] += 1
        }
    }

    /// Writes the serving region may not hold: the database refuses them.
    private mutating func refuse(rows: Int, home: Int, target: Int, template: Int) {
        let className = catalog.templates[template]?.className ?? "?"
        recorder.refusedWrites(rows, now, home: regions[home].rawValue, region: regions[target].rawValue, className: className)
    }

    /// A tracked key another region wrote recently, provided this region may hold it.
    private mutating func conflictingKey(writingIn target: Int) -> Int? {
        let other = (target + 1 + conflictRandom.below(max(1, regions.count - 1))) % regions.count
        guard other != target, let key = recentKeys[other].pick(&conflictRandom),
            catalog.mayHold[catalog.templateIndex(ofKey: key)][target]
        else { return nil }
        return key
    }

    /// The step's fresh rows: recorded at their origin (stamped with its HLC once) and added
    /// to the open cohort of every peer the residency policy ships them to, one call per
    /// peer and tier for all the templates of the tier.
    private mutating func commitFreshRows(_ freshRows: [UInt32], step: Int) {
        let tiers = catalog.tierNames.count
        let templates = catalog.templates.count
        for origin in regions.indices {
            let rows = freshRows[origin * templates..<(origin + 1) * templates]
            let total = rows.reduce(0) { $0 + Int($1) }
            guard total > 0 else { continue }
            recorder.totalWrites += total
            originWrites[origin].append(step: step, rows: rows)
            let hlc = clocks[origin].now(physical: localTime(origin)).rawValue
            for peer in regions.indices where peer != origin {
                for tier in 0..<tiers {
                    shipFreshRows(rows, step: step, hlc: hlc, origin, peer, tier)
                }
            }
        }
    }

    /// Adds one step's fresh rows of `tier`'s templates to the open cohort of the link;
    /// rows the residency routing blocks are counted, not shipped.
    private mutating func shipFreshRows(_ rows: ArraySlice<UInt32>, step: Int, hlc: UInt64, _ origin: Int, _ peer: Int, _ tier: Int) {
        var taken: ClosedRange<Int>?
        var bytes = 0
        var refused = 0
        var admittedAny = false
        for template in stride(from: tier, to: catalog.templates.count, by: catalog.tierNames.count) {
            let count = rows[rows.startIndex + template]
            guard count > 0, let rowBytes = catalog.rowBytes[template] else { continue }
            guard routes.route(origin: origin, template: template, peer: peer) != .block else {
                recorder.blockedTransfers += Int(count)
                continue
            }
            let entry = originWrites[origin].entry(step: step, template: template)
            if taken == nil { bytes = rowBytes }
            taken = (taken?.lowerBound ?? entry)...entry
            if admissions.admits(receiver: peer, template: template, sender: origin) {
                admittedAny = true
            } else {
                refused += Int(count)
            }
        }
        guard let taken else { return }
        let admittedHLC = admittedAny ? hlc : nil
        addToCohort(bytes: bytes, origin, peer, tier) { cohort in
            cohort.takeFresh(entries: taken, refusedRows: refused, admittedHLC: admittedHLC)
        }
    }

    /// One committed tracked write: versioned by the region's HLC and the row's previous
    /// version, stored, and added to the open cohort of every peer the residency policy allows.
    private mutating func write(key: Int, templateIndex: Int, bytes: Int, in region: Int) {
        let previous = stores[region][key]
        let hlc = clocks[region].now(physical: localTime(region))
        let version = CompactVersion.next(previous: previous, now: hlc, originRank: ranks.rankOf[region])
        stores[region].write(key, version)
        let latest = latestVersion[key]
        if !latest.isAbsent, latest != previous { recorder.conflicts += 1 }
        if latest < version { latestVersion.write(key, version) }
        recorder.totalWrites += 1
        recentKeys[region].record(key)
        let tier = templateIndex % catalog.tierNames.count
        let time = now
        for peer in regions.indices where peer != region {
            switch routes.route(origin: region, template: templateIndex, peer: peer) {
            case .ship, .tombstone:
                addToCohort(bytes: bytes, region, peer, tier) { cohort in
                    cohort.append(key: key, version: version, at: time, template: templateIndex)
                }
            case .block:
                recorder.blockedTransfers += 1
            }
        }
    }

    /// Adds writes to the open cohort of the peer and tier; the first writes of a cohort
    /// hand it to the batcher (which may cut it at once).
    private mutating func addToCohort(bytes: Int, _ origin: Int, _ peer: Int, _ tier: Int, _ add: (WriteCohort) -> Void) {
        if let open = batchers[link(origin, peer, tier)].openCohort {
            add(open)
            return
        }
        let cohort = spareCohorts.take()
        add(cohort)
        let actions = batchers[link(origin, peer, tier)].enqueue(cohort, bytes: bytes, capturedAt: now)
        performBatcher(actions, origin, peer, tier)
    }
}
