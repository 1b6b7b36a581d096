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

    /// The step's fresh rows: recorded in their origin's ledger (stamped with its HLC once),
    /// and opening a cohort on every link to a peer the residency policy ships them to that
    /// has none open; an open cohort's span takes them when it is sealed (see `WriteCohort`).
    private mutating func commitFreshRows(_ freshRows: [UInt32], step: Int) {
        let tiers = catalog.tierNames.count
        let templates = catalog.templates.count
        for origin in regions.indices {
            let rows = freshRows[origin * templates..<(origin + 1) * templates]
            let total = rows.reduce(0) { $0 + Int($1) }
            guard total > 0 else { continue }
            recorder.totalWrites += total
            let hlc = clocks[origin].now(physical: localTime(origin)).rawValue
            originWrites[origin].append(step: step, rows: rows, hlc: hlc)
            for template in 0..<templates where rows[rows.startIndex + template] > 0 {
                recorder.blockedTransfers += Int(rows[rows.startIndex + template]) * freshRouting.blockingPeers(origin: origin, template: template)
            }
            for peer in regions.indices where peer != origin {
                for tier in 0..<tiers { offerFreshRows(rows, origin, peer, tier) }
            }
        }
    }

    /// One step's fresh rows on one link: they open a cohort when none is open and some
    /// are shipped; rows the peer's re-check will refuse are counted in the open cohort.
    private mutating func offerFreshRows(_ rows: ArraySlice<UInt32>, _ origin: Int, _ peer: Int, _ tier: Int) {
        let link = link(origin, peer, tier)
        var refused = 0
        if freshRouting.refuses[link] {
            for template in freshRouting.refusedTemplates[link] { refused += Int(rows[rows.startIndex + template]) }
        }
        if batchers[link].hasOpenCohort {
            if refused > 0 { batchers[link].openCohort?.refuse(rows: refused) }
            return
        }
        guard let first = freshRouting.shippedTemplates[link].first(where: { rows[rows.startIndex + $0] > 0 }),
            let bytes = catalog.rowBytes[first]
        else { return }
        addToCohort(bytes: bytes, origin, peer, tier) { cohort in cohort.refuse(rows: refused) }
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
        cohort.open(atEntry: Int(now / Self.loadStepMilliseconds) * catalog.templates.count)
        add(cohort)
        let actions = batchers[link(origin, peer, tier)].enqueue(cohort, bytes: bytes, capturedAt: now)
        performBatcher(actions, origin, peer, tier)
    }
}
