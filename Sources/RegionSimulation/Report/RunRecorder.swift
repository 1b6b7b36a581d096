import RegionCore

/// Everything a run measures, as it happens: the timeline, outages and their detection and
/// rerouting, DNS changes, failovers and failbacks, lag, and counters.
struct RunRecorder {
    let regions: [String]
    let tiers: [TierConfig]
    let durationMilliseconds: Int64
    /// Width of one point of the lag chart.
    let seriesWindowMilliseconds: Int64

    private(set) var timeline: [TimelineEntry] = []
    private(set) var outages: [OutageRecord] = []
    private(set) var spans: [RegionSpan] = []
    private(set) var failedOver: Set<String> = []
    private(set) var failbackLagSeconds: Double?
    private(set) var writesAtRiskMax = 0
    private(set) var histograms: [LagHistogram]
    private(set) var resolution: GeoResolutionLog
    /// Per tier, per chart window (by window number): lags delivered in it.
    private(set) var lagSeries: [[LagWindow]]
    /// The chart window of the last lag recorded and its time: a batch records many lags
    /// at one instant, and a division per lag showed in profiles.
    private var lagWindowTime: Int64 = .min
    private var lagWindow = 0

    var totalWrites = 0
    var failedWrites = 0
    var conflicts = 0
    var blockedTransfers = 0
    var rejectedRows = 0
    var batchesSent = 0
    private(set) var refusedWrites = 0
    private(set) var skewFlags = 0
    private(set) var backlogAlarms = 0

    private var declaredDown: Set<String> = []
    private var coordinator: String?
    private var lastAlarm: [String: String] = [:]
    private var outOfDNSSince: [String: Int64] = [:]
    private var drainedSince: [String: Int64] = [:]
    private var partitions: [Int: (start: Int64, regions: [String])] = [:]
    private var nextPartitionID = 1
    /// Geos whose resolvers still sent users to a failed region, per outage.
    private var geosStillServing: Set<String> = []
    private var refusalsNoted: Set<String> = []
    private var skewNoted: Set<String> = []
    private var backlogNoted: Set<String> = []

    init(regions: [String], tiers: [TierConfig], durationMilliseconds: Int64, geos: [String], initialDNS: DesiredDNSState?) {
        self.regions = regions
        resolution = GeoResolutionLog(geos: geos, initial: initialDNS)
        self.tiers = tiers
        self.durationMilliseconds = durationMilliseconds
        seriesWindowMilliseconds = max(1_000, durationMilliseconds / 240)
        histograms = tiers.map { _ in LagHistogram() }
        lagSeries = tiers.map { _ in [] }
    }

    mutating func note(_ now: Int64, _ kind: TimelineEntry.Kind, _ region: String?, _ text: String) {
        timeline.append(TimelineEntry(atMilliseconds: now, kind: kind, region: region, text: text))
    }

    // MARK: Outages

    mutating func openOutage(_ now: Int64, region: String, cause: String) {
        guard !outages.contains(where: { $0.region == region && $0.endMilliseconds == nil }) else { return }
        var outage = OutageRecord(region: region, cause: cause, startMilliseconds: now)
        outage.wasInDNS = outOfDNSSince[region] == nil
        outages.append(outage)
    }

    mutating func closeOutage(_ now: Int64, region: String) {
        guard let index = outages.lastIndex(where: { $0.region == region && $0.endMilliseconds == nil }) else { return }
        outages[index].endMilliseconds = now
        spans.append(RegionSpan(
            region: region, kind: outages[index].cause == "partition" ? .partitioned : .down,
            startMilliseconds: outages[index].startMilliseconds, endMilliseconds: now))
    }

    mutating func partitionStarted(_ now: Int64, groups: [[RegionName]]) -> Int {
        let id = nextPartitionID
        nextPartitionID += 1
        partitions[id] = (now, groups.flatMap { $0 }.map(\.rawValue))
        return id
    }

    /// Closes the partition's outages and returns the regions it involved.
    mutating func partitionEnded(_ now: Int64, id: Int) -> [String] {
        guard let partition = partitions.removeValue(forKey: id) else { return [] }
        for region in partition.regions {
            if let index = outages.lastIndex(where: { $0.region == region && $0.endMilliseconds == nil && $0.cause == "partition" }) {
                outages[index].endMilliseconds = now
                spans.append(RegionSpan(region: region, kind: .partitioned, startMilliseconds: outages[index].startMilliseconds, endMilliseconds: now))
            }
        }
        return partition.regions
    }

    mutating func writesAtRisk(_ now: Int64, region: String, rows: Int) {
        writesAtRiskMax = max(writesAtRiskMax, rows)
        guard rows > 0 else { return }
        note(now, .note, region, "\(rows) rows written in \(region) were held by no other region when it failed (at risk)")
    }

    // MARK: Agents

    mutating func healthChanged(_ now: Int64, observer: RegionName, transition: HealthTransition) {
        guard transition.from.isAlive != transition.to.isAlive, observer != transition.target else { return }
        let verb = transition.to.isAlive ? "sees \(transition.target) up again" : "sees \(transition.target) down"
        note(now, .detection, transition.target.rawValue, "\(observer)'s probes: \(verb)")
    }

    mutating func viewChanged(_ now: Int64, by agent: RegionName, down: [RegionName], up: [RegionName]) {
        for region in down.map(\.rawValue) where !declaredDown.contains(region) && region != agent.rawValue {
            declaredDown.insert(region)
            if let index = outages.lastIndex(where: { $0.region == region && $0.endMilliseconds == nil }),
                outages[index].declaredMilliseconds == nil
            {
                outages[index].declaredMilliseconds = now
                let seconds = Double(now - outages[index].startMilliseconds) / 1000
                note(now, .view, region, "quorum declares \(region) down (first seen in \(agent)'s view, \(Self.seconds(seconds)) after the fault)")
            } else {
                note(now, .view, region, "quorum declares \(region) down (first seen in \(agent)'s view)")
            }
        }
        for region in up.map(\.rawValue) where declaredDown.contains(region) && region != agent.rawValue {
            declaredDown.remove(region)
            note(now, .view, region, "quorum lets \(region) rejoin the view (first seen in \(agent)'s view)")
        }
    }

    mutating func coordinatorChanged(_ now: Int64, by agent: RegionName, to new: RegionName?) {
        guard new?.rawValue != coordinator, agent == new else { return }
        coordinator = new?.rawValue
        note(now, .view, new?.rawValue, "\(agent) takes over as DNS coordinator")
    }

    mutating func alarm(_ now: Int64, region: RegionName, _ alarm: AgentAlarm) {
        let text = alarm.description
        guard lastAlarm[region.rawValue] != text else { return }
        lastAlarm[region.rawValue] = text
        note(now, .alarm, region.rawValue, "\(region): \(text)")
    }

    // MARK: DNS

    mutating func dnsAccepted(_ now: Int64, by agent: RegionName, reason: String) {
        note(now, .dns, agent.rawValue, "\(agent) writes DNS: \(reason)")
    }

    mutating func dnsPublished(
        _ now: Int64, state: DesiredDNSState, previous: DesiredDNSState?, drained: Set<RegionName>, catchUpLag: (String) -> Double
    ) {
        let before = Set(previous?.geos.flatMap { $0.regions.map(\.region.rawValue) } ?? [])
        let after = Set(state.geos.flatMap { $0.regions.map(\.region.rawValue) })
        note(now, .dns, nil, "DNS serves the change: \(state.changeSummary(from: previous))")
        resolution.served(state, at: now)
        for region in regions where before.contains(region) && !after.contains(region) {
            outOfDNSSince[region] = now
            if !drained.contains(RegionName(region)) {
                failedOver.insert(region)
                note(now, .dns, region, "\(region) is out of DNS (failed over)")
            }
        }
        for region in regions where !before.contains(region) && after.contains(region) {
            if let since = outOfDNSSince.removeValue(forKey: region) {
                spans.append(RegionSpan(region: region, kind: .outOfDNS, startMilliseconds: since, endMilliseconds: now))
            }
            let lag = catchUpLag(region)
            failbackLagSeconds = max(failbackLagSeconds ?? 0, lag)
            note(now, .failback, region, "\(region) is back in DNS; its catch-up lag was \(Self.seconds(lag))")
        }
    }

    /// After a resolver refreshed: finds geos whose users no longer reach a failed region,
    /// and outages whose rerouting is complete.
    mutating func resolversChanged(_ now: Int64, resolvers: [ResolverGroup]) {
        resolution.resolversRefreshed(resolvers, at: now)
        for index in outages.indices where outages[index].endMilliseconds == nil && outages[index].reroutedMilliseconds == nil && outages[index].wasInDNS {
            let region = RegionName(outages[index].region)
            guard outOfDNSSince[region.rawValue] != nil else { continue }
            for group in resolvers {
                let key = "\(index)/\(group.geo)"
                if group.anyServes(region) {
                    geosStillServing.insert(key)
                } else if geosStillServing.remove(key) != nil {
                    let seconds = Double(now - outages[index].startMilliseconds) / 1000
                    note(now, .reroute, region.rawValue, "\(group.geo) users' resolvers all avoid \(region) now (\(Self.seconds(seconds)) after the fault)")
                }
            }
            if !resolvers.contains(where: { $0.anyServes(region) }) {
                outages[index].reroutedMilliseconds = now
                let seconds = Double(now - outages[index].startMilliseconds) / 1000
                note(now, .reroute, region.rawValue, "every resolver's cached answer now avoids \(region): users rerouted \(Self.seconds(seconds)) after the fault")
            }
        }
    }

    mutating func drainChanged(_ now: Int64, region: String, drained: Bool) {
        if drained {
            drainedSince[region] = now
        } else if let since = drainedSince.removeValue(forKey: region) {
            spans.append(RegionSpan(region: region, kind: .drained, startMilliseconds: since, endMilliseconds: now))
        }
    }

    // MARK: Data

    mutating func refusedWrites(_ rows: Int, _ now: Int64, home: String, region: String, className: String) {
        refusedWrites += rows
        let key = "\(home)/\(region)/\(className)"
        guard !refusalsNoted.contains(key) else { return }
        refusalsNoted.insert(key)
        note(now, .note, region, "users of \(home) now served by \(region), which may not hold \(className) rows: those writes are refused")
    }

    mutating func clockSkewFlagged(_ now: Int64, region: String, _ skew: ClockSkew) {
        skewFlags += 1
        guard !skewNoted.contains(region) else { return }
        skewNoted.insert(region)
        note(now, .alarm, region, "\(region) flags a remote version from the future: \(skew)")
    }

    mutating func backlogAlarm(_ now: Int64, origin: String, _ alarm: BacklogAlarm) {
        backlogAlarms += 1
        let key = "\(origin)/\(alarm.peer)/\(alarm.tier)"
        guard !backlogNoted.contains(key) else { return }
        backlogNoted.insert(key)
        note(now, .alarm, origin, "\(origin): \(alarm)")
    }

    /// The lag of `rows` rows written at one instant and delivered together; `steady` when
    /// neither end had a fault since they were written (the tier objectives apply between
    /// connected regions).
    mutating func lag(tier: Int, milliseconds: Int64, rows: Int = 1, at now: Int64, steady: Bool) {
        if steady { histograms[tier].record(milliseconds: milliseconds, rows: rows) }
        if now != lagWindowTime {
            lagWindowTime = now
            lagWindow = Int(now / seriesWindowMilliseconds)
        }
        let window = lagWindow
        if window >= lagSeries[tier].count {
            lagSeries[tier] += Array(repeating: LagWindow(), count: window + 1 - lagSeries[tier].count)
        }
        lagSeries[tier][window].sumMilliseconds += milliseconds * Int64(rows)
        lagSeries[tier][window].rows += Int64(rows)
    }

    /// Closes spans still open at the end.
    mutating func close(at end: Int64) {
        resolution.close(at: end)
        for index in outages.indices where outages[index].endMilliseconds == nil {
            spans.append(RegionSpan(
                region: outages[index].region, kind: outages[index].cause == "partition" ? .partitioned : .down,
                startMilliseconds: outages[index].startMilliseconds, endMilliseconds: end))
        }
        for (region, since) in outOfDNSSince { spans.append(RegionSpan(region: region, kind: .outOfDNS, startMilliseconds: since, endMilliseconds: end)) }
        for (region, since) in drainedSince { spans.append(RegionSpan(region: region, kind: .drained, startMilliseconds: since, endMilliseconds: end)) }
        spans.sort { ($0.region, $0.startMilliseconds, $0.kind.rawValue) < ($1.region, $1.startMilliseconds, $1.kind.rawValue) }
    }

    static func seconds(_ value: Double) -> String { Format.decimal(value) + " s" }

    /// The chart points: the mean lag of each window in which rows were delivered.
    func lagSamples(tier: Int) -> [LagSample] {
        lagSeries[tier].enumerated().filter { $0.element.rows > 0 }.map { window, lags in
            LagSample(
                atMilliseconds: Int64(window) * seriesWindowMilliseconds,
                seconds: Double(lags.sumMilliseconds) / Double(lags.rows) / 1000)
        }
    }
}

/// Lags delivered within one window of the chart.
struct LagWindow {
    var sumMilliseconds: Int64 = 0
    var rows: Int64 = 0
}
