import RegionCore

/// The end of a run: load stops, replication settles, then the world is checked.
extension SimulationRun {
    static let settleCheckMilliseconds: Int64 = 5_000

    mutating func scenarioEnds() {
        loadStopped = true
        settleDeadline = now + Self.settleLimitMilliseconds
        recorder.note(now, .note, nil, "scenario ends after \(recorder.totalWrites) writes; load stops and replication settles")
        for origin in regions.indices where network.isUp(origin) {
            for peer in regions.indices where peer != origin {
                for tier in config.tiers.indices {
                    performBatcher(batchers[link(origin, peer, tier)].flush(now: now), origin, peer, tier)
                }
            }
        }
        queue.schedule(.settleCheck, at: now + Self.settleCheckMilliseconds)
    }

    /// Finished when every cohort between running, connected regions is acknowledged, or
    /// the settle limit passed (a region still down or cut off never settles).
    mutating func settleCheck() {
        var pending = 0
        for origin in regions.indices where network.isUp(origin) {
            for peer in regions.indices where peer != origin && network.canReach(origin, peer) {
                for tier in config.tiers.indices { pending += batchers[link(origin, peer, tier)].backlogRows }
            }
        }
        if pending == 0 || now >= settleDeadline {
            let settled = pending == 0 ? "replication settled" : "replication did not settle: \(pending) cohorts of writes still queued"
            recorder.note(now, .note, nil, settled + " \(Format.decimal(Double(now - durationMilliseconds) / 1000)) s after the end")
            finished = true
            return
        }
        queue.schedule(.settleCheck, at: now + Self.settleCheckMilliseconds)
    }

    mutating func finish() -> SimulationResult {
        recorder.close(at: now)
        let check = checkData()
        if recorder.failedWrites > 0 {
            recorder.note(now, .note, nil, "\(recorder.failedWrites) writes failed because their users' DNS answer pointed at a region that was down")
        }
        let tiers = config.tiers
        let metrics = SimulationMetrics(
            detectionSeconds: recorder.outages.compactMap(\.detectionSeconds).max(),
            rerouteSeconds: recorder.outages.compactMap(\.rerouteSeconds).max(),
            failedOver: regions.map(\.rawValue).filter(recorder.failedOver.contains),
            dnsChanges: provider.changes,
            residencyViolations: check.violations,
            lostWrites: check.lost,
            converged: check.converged,
            failbackLagSeconds: recorder.failbackLagSeconds,
            conflicts: recorder.conflicts,
            lagP99Seconds: Dictionary(uniqueKeysWithValues: tiers.enumerated().map { ($1.name, recorder.histograms[$0].quantile(0.99)) }),
            writesAtRiskMax: recorder.writesAtRiskMax
        )
        let series = Dictionary(uniqueKeysWithValues: tiers.enumerated().map { index, tier in
            (tier.name, recorder.lagSamples(tier: index))
        })
        return SimulationResult(
            scenario: scenario.name, seed: scenario.seed, durationMilliseconds: durationMilliseconds,
            regions: regions.map(\.rawValue), tiers: tiers.map(\.name),
            tierObjectives: Dictionary(uniqueKeysWithValues: tiers.map { ($0.name, $0.maxLag.seconds) }), metrics: metrics,
            expectations: ExpectationEvaluator.evaluate(scenario.expectations, metrics: metrics),
            timeline: recorder.timeline, outages: recorder.outages, lagSeries: series, spans: recorder.spans,
            geoResolution: recorder.resolution.spans,
            totalWrites: recorder.totalWrites)
    }

    /// Residency, durability and convergence, checked key by key against every store.
    private mutating func checkData() -> (violations: Int, lost: Int, converged: Bool) {
        let allowed = catalog.mayHold
        var violations = 0
        for region in regions.indices {
            stores[region].forEachHeld { key, _ in
                if !allowed[catalog.templateIndex(ofKey: key)][region] { violations += 1 }
            }
        }
        let running = regions.indices.filter { network.isUp(regions[$0]) }
        var lost = 0
        var divergent = 0
        latestVersion.forEachHeld { key, latest in
            let mayHold = allowed[catalog.templateIndex(ofKey: key)]
            var heldSomewhere = false
            var agreed: CompactVersion?
            var differs = false
            for region in running {
                let held = stores[region][key]
                if held == latest { heldSomewhere = true }
                guard mayHold[region] else { continue }
                if let agreed, agreed != held { differs = true }
                agreed = held
            }
            if !heldSomewhere { lost += 1 }
            if differs { divergent += 1 }
        }
        let fresh = checkFreshRows(running: running)
        violations += fresh.violations
        lost += fresh.lost
        divergent += fresh.divergent
        if divergent > 0 { recorder.note(now, .note, nil, "\(divergent) rows differ between running regions that may hold them") }
        if lost > 0 { recorder.note(now, .note, nil, "\(lost) rows' newest versions are held by no running region") }
        if violations > 0 { recorder.note(now, .alarm, nil, "\(violations) rows are stored in a region their residency class forbids") }
        return (violations, lost, divergent == 0)
    }

    /// The same checks over the fresh rows counted per step and template: rows held where
    /// their class forbids, rows no running region holds, and rows only some of the running
    /// regions that should hold them have.
    private func checkFreshRows(running: [Int]) -> (violations: Int, lost: Int, divergent: Int) {
        let runningMask = running.reduce(UInt64(0)) { $0 | UInt64(1) << UInt64($1) }
        var forbidden = [UInt64](repeating: 0, count: catalog.templates.count)
        for template in forbidden.indices {
            for region in regions.indices where !catalog.mayHold[template][region] { forbidden[template] |= UInt64(1) << UInt64(region) }
        }
        var violations = 0
        var lost = 0
        var divergent = 0
        for writes in originWrites {
            writes.forEachKept { template, rows, held in
                violations += rows * (held & forbidden[template]).nonzeroBitCount
                if held & runningMask == 0 { lost += rows }
                let expected = writes.fullMask[template] & runningMask
                let holding = held & expected
                if holding != 0, holding != expected { divergent += rows }
            }
            for (template, rows) in writes.foldedRows.enumerated() where rows > 0 {
                violations += rows * (writes.fullMask[template] & forbidden[template]).nonzeroBitCount
                if writes.fullMask[template] & runningMask == 0 { lost += rows }
            }
        }
        return (violations, lost, divergent)
    }
}
