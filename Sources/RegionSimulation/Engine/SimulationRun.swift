import RegionCore

/// One deterministic run of a scenario: a discrete-event loop over a virtual clock that
/// drives one real `AgentCore` per region and the real replication decisions (`HybridClock`,
/// `Version.next`'s rule, `ResidencyPolicy`, `TierBatcher`) against a simulated world.
///
/// The data plane is modelled at two grains. Writes whose key matters (conflicting writes
/// and the sampled pool they draw from) are kept key by key: stores hold a compact version
/// per integer key. Other fresh rows are counted per load step and template, with the
/// regions holding them (`OriginWrites`). The batchers batch cohorts of both (see
/// `WriteCohort`), so every metric is still computed from what was simulated, rows weighted
/// by their counts.
///
/// The simulator decides nothing itself: it only moves messages, advances time, injects
/// faults and measures. A value type mutated in place by its one loop: stored properties are
/// then checked for exclusive access at compile time rather than on every access.
struct SimulationRun {
    /// Virtual time 0 is this wall-clock instant (2026-01-01T00:00:00Z), so HLCs look real.
    static let epochMilliseconds: Int64 = 1_767_225_600_000
    /// Granularity of the write load.
    static let loadStepMilliseconds: Int64 = 100
    /// Resolvers per geo refreshing at random phases; each geo has one more, the worst case
    /// that refreshed just before every DNS change (see `ResolverGroup`).
    static let resolversPerGeo = 8
    /// How much load each origin's fresh-row ledger reserves room for at once: it keeps every
    /// step since the oldest one a holder misses, so an outage up to this long never makes
    /// it grow by copying.
    static let ledgerReserveMilliseconds: Int64 = 3_600_000
    /// Longest time replication may take to settle after the scenario ends.
    static let settleLimitMilliseconds: Int64 = 20 * 60_000

    let scenario: Scenario
    let config: RegionsConfig
    let regions: [RegionName]
    let indexOf: [RegionName: Int]
    let policy: ResidencyPolicy
    let durationMilliseconds: Int64
    let sortedEvents: [ScenarioEvent]

    var now: Int64 = 0
    var queue = EventQueue<SimulationEvent>()
    var network: SimulatedNetwork
    var dnsRandom: SimulationRandom
    var loadRandom: SimulationRandom
    var conflictRandom: SimulationRandom
    /// When each agent process starts within the first probe interval.
    var agentRandom: SimulationRandom

    // Agents
    var agents: [AgentCore?]
    /// Whether each region's agent runs, and its next wake-up: read often, kept apart so
    /// reading them never copies an agent.
    var agentRunning: [Bool]
    var agentWakeUp: [Timestamp?]
    var wakeScheduled: [Int64?]
    var clockSkew: [Int64]
    var drained: Set<RegionName> = []
    var agentRestarts: [Int]

    // DNS
    var provider: SimulatedDNSProvider
    var resolvers: [ResolverGroup]
    /// Per geo, when the worst-case resolver's cached answer expires (earlier refresh events
    /// for it are stale).
    var worstCaseExpiry: [Int64]
    var homeGeo: [Int]

    // Replication
    var stores: [RegionStore]
    var clocks: [HybridClock]
    /// Per link (see `link`): the core's batching rules (see `CohortBatcher`).
    var batchers: [CohortBatcher]
    /// Per link (see `link`): batches and answers under way, and the batcher's next wake-up.
    var links: [LinkTraffic]
    /// Acknowledged cohorts nothing else holds, emptied for the next batches.
    var spareCohorts = SpareCohorts()
    let catalog: RowCatalog
    let routes: RouteCache
    let admissions: AdmissionCache
    let ranks: OriginRanks
    let freshRouting: FreshRouting
    /// Per origin, its fresh rows in aggregate and who holds them.
    var originWrites: [OriginWrites]
    /// Per key, the newest version written anywhere: what must survive.
    var latestVersion: RegionStore
    var recentKeys: [RecentKeys]
    var lastFaultChange: [Int64]
    var loadPlan: LoadPlan
    /// Per home, its template shares (see `LoadPlan.templateShares`).
    let templateShares: [[Double]]
    /// Per home, what its users write per load step through each serving region; stale
    /// once a resolver's cached answer changed.
    var writeMixes: [[WriteMix]]
    var writeMixesAreStale = true

    // Measurements
    var recorder: RunRecorder
    var loadStopped = false
    var finished = false
    var settleDeadline: Int64 = .max

    init(scenario: Scenario) throws(AgentCoreError) {
        let config = scenario.config
        let regions = config.voterNames
        self.scenario = scenario
        self.config = config
        self.regions = regions
        let indexOf = Dictionary(uniqueKeysWithValues: regions.enumerated().map { ($1, $0) })
        self.indexOf = indexOf
        policy = ResidencyPolicy(config: config)
        durationMilliseconds = scenario.duration.milliseconds
        sortedEvents = scenario.events.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
        network = SimulatedNetwork(spec: scenario.network, regions: regions, random: SimulationRandom(seed: scenario.seed, stream: .network))
        dnsRandom = SimulationRandom(seed: scenario.seed, stream: .dns)
        loadRandom = SimulationRandom(seed: scenario.seed, stream: .load)
        conflictRandom = SimulationRandom(seed: scenario.seed, stream: .conflicts)

        let start = Timestamp(milliseconds: Self.epochMilliseconds)
        for region in regions {
            _ = try AgentCore(config: config, region: region, now: start)
        }
        agents = Array(repeating: nil, count: regions.count)
        agentRunning = Array(repeating: false, count: regions.count)
        agentWakeUp = Array(repeating: nil, count: regions.count)
        agentRandom = SimulationRandom(seed: scenario.seed, stream: .agents)
        wakeScheduled = Array(repeating: nil, count: regions.count)
        clockSkew = Array(repeating: 0, count: regions.count)
        agentRestarts = Array(repeating: 0, count: regions.count)

        let drainedAtStart = Set(scenario.events.compactMap { event -> RegionName? in
            guard event.at == .zero, case .drain(let region) = event.kind else { return nil }
            return region
        })
        let initial = FailoverPlanner.plan(config: config, down: [], drained: drainedAtStart)
        provider = SimulatedDNSProvider(applyDelay: scenario.dns.applyDelay, initial: initial)
        resolvers = config.geos.map { geo in
            ResolverGroup(
                geo: geo.name, count: Self.resolversPerGeo + 1, initial: initial.answer(forGeo: geo.name)?.regions ?? [], indexOf: indexOf)
        }
        worstCaseExpiry = config.geos.map { _ in .min }
        homeGeo = regions.map { region in
            config.geos.firstIndex { $0.preference.first == region } ?? config.geos.firstIndex(where: \.isDefault) ?? 0
        }

        let classNames = scenario.load.classes.isEmpty ? config.residency.classes.map(\.name) : scenario.load.classes.map(\.name)
        catalog = RowCatalog(
            config: config, policy: policy, classNames: classNames, homes: regions.count, keysPerRegion: scenario.load.keysPerRegion)
        routes = RouteCache(regions: regions, catalog: catalog, policy: policy)
        admissions = AdmissionCache(regions: regions, catalog: catalog, policy: policy)
        ranks = OriginRanks(regions: regions)
        let loadPlan = LoadPlan(scenario: scenario, regions: regions, catalog: catalog, policy: policy)
        self.loadPlan = loadPlan
        templateShares = regions.indices.map { [catalog] home in loadPlan.templateShares(home: home, catalog: catalog) }
        writeMixes = regions.map { _ in [] }
        stores = regions.map { [keyCount = catalog.keyCount] _ in RegionStore(keyCount: keyCount) }
        clocks = Array(repeating: HybridClock(maxSkew: config.replication.maxClockSkew), count: regions.count)
        let tiers = config.tiers
        let settings = BatcherSettings(replication: config.replication)
        batchers = regions.flatMap { _ in regions.flatMap { peer in tiers.map { CohortBatcher(peer: peer, tier: $0, settings: settings) } } }
        links = Array(repeating: LinkTraffic(), count: regions.count * regions.count * tiers.count)
        latestVersion = RegionStore(keyCount: catalog.keyCount)
        originWrites = Self.originWrites(
            regions: regions.count, catalog: catalog, routes: routes, admissions: admissions,
            steps: Int(min(durationMilliseconds, Self.ledgerReserveMilliseconds) / Self.loadStepMilliseconds) + 1)
        freshRouting = FreshRouting(regions: regions.count, tiers: tiers.count, catalog: catalog, routes: routes, admissions: admissions)
        recentKeys = Array(repeating: RecentKeys(), count: regions.count)
        lastFaultChange = Array(repeating: .min, count: regions.count)
        recorder = RunRecorder(
            regions: regions.map(\.rawValue), tiers: tiers, durationMilliseconds: durationMilliseconds, geos: config.geos.map(\.name),
            initialDNS: initial)
    }

    /// Each origin's fresh-row ledger, with the regions that keep its rows of each template:
    /// peers the residency routing ships them to and whose re-check admits them.
    private static func originWrites(
        regions: Int, catalog: RowCatalog, routes: RouteCache, admissions: AdmissionCache, steps: Int
    ) -> [OriginWrites] {
        (0..<regions).map { origin in
            let fullMask = catalog.templates.indices.map { template in
                (0..<regions).reduce(UInt64(1) << UInt64(origin)) { mask, peer in
                    guard peer != origin, routes.route(origin: origin, template: template, peer: peer) != .block,
                        admissions.admits(receiver: peer, template: template, sender: origin)
                    else { return mask }
                    return mask | UInt64(1) << UInt64(peer)
                }
            }
            return OriginWrites(origin: origin, templates: catalog.templates.count, fullMask: fullMask, steps: steps)
        }
    }

    /// Runs the scenario to its end (plus replication settling) and measures it.
    mutating func run() -> SimulationResult {
        scheduleStart()
        while !finished, let (time, event) = queue.popNext() {
            now = time
            handle(event)
        }
        advanceLinks(to: now)
        return finish()
    }

    private mutating func scheduleStart() {
        let interval = max(1, config.health.interval.milliseconds)
        for index in regions.indices {
            queue.schedule(.agentStarts(region: index), at: Int64(agentRandom.below(Int(interval))))
        }
        for (index, event) in sortedEvents.enumerated() where event.at.milliseconds <= durationMilliseconds {
            queue.schedule(.scenario(index), at: event.at.milliseconds)
        }
        let ttl = max(1, config.service.ttl.milliseconds)
        for geo in resolvers.indices {
            for resolver in 0..<Self.resolversPerGeo {
                queue.schedule(.resolverRefresh(geo: geo, resolver: resolver), at: Int64(dnsRandom.below(Int(ttl))))
            }
        }
        queue.schedule(.loadStep, at: 0)
        queue.schedule(.lagReport, at: 1_000)
        queue.schedule(.scenarioEnds, at: durationMilliseconds)
    }

    private mutating func handle(_ event: SimulationEvent) {
        if event.touchesDataPlane { advanceLinks(to: now) }
        switch event {
        case .agentStarts(let region):
            if network.isUp(region), !agentRunning[region] { startAgent(region, jitterSeed: scenario.seed &+ UInt64(region)) }
        case .agentWake(let region): agentWake(region)
        case .probeAnswered(let observer, let result): deliverProbe(observer, result)
        case .gossipArrives(let region, let gossip): deliverGossip(region, gossip)
        case .dnsAnswered(let coordinator, let state, let failure): dnsAnswered(coordinator, state, failure: failure)
        case .dnsPropagated(let state): dnsPropagated(state)
        case .resolverRefresh(let geo, let resolver): resolverRefresh(geo, resolver)
        case .scenario(let index): inject(sortedEvents[index])
        case .partitionEnds(let id): endPartition(id)
        case .flapToggle(let region, let goingDown, let endsAt, let down, let up):
            flapToggle(region, goingDown: goingDown, endsAt: endsAt, down: down, up: up)
        case .dnsOutageEnds: recorder.note(now, .fault, nil, "DNS provider accepts changes again")
        case .loadStep: loadStep()
        case .lagReport: reportLag()
        case .scenarioEnds: scenarioEnds()
        case .settleCheck: settleCheck()
        }
    }

    /// The time an agent or database in `region` reads from its (possibly skewed) clock.
    func localTime(_ region: Int) -> Timestamp {
        Timestamp(milliseconds: Self.epochMilliseconds + now + clockSkew[region])
    }
}
