import RegionCore

/// One deterministic run of a scenario: a discrete-event loop over a virtual clock that
/// drives one real `AgentCore` per region and the real replication code (`ReplicaState`,
/// `HybridClock`, `ResidencyPolicy`, `TierBatcher`) against a simulated world.
///
/// The simulator decides nothing itself: it only moves messages, advances time, injects
/// faults and measures. A reference type because every part of the world mutates shared
/// state inside one loop; a run is created, run and discarded within a single task.
final class SimulationRun {
    /// Virtual time 0 is this wall-clock instant (2026-01-01T00:00:00Z), so HLCs look real.
    static let epochMilliseconds: Int64 = 1_767_225_600_000
    /// Granularity of the write load.
    static let loadStepMilliseconds: Int64 = 100
    static let resolversPerGeo = 8
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

    // Agents
    var agents: [AgentCore?]
    var wakeScheduled: [Int64?]
    var clockSkew: [Int64]
    var drained: Set<RegionName> = []
    var agentRestarts: [Int]

    // DNS
    var provider: SimulatedDNSProvider
    var resolvers: [ResolverGroup]
    var homeGeo: [Int]

    // Replication
    var replicas: [ReplicaState]
    var clocks: [HybridClock]
    var batchers: [[[TierBatcher]]]
    var batcherWakeAt: [[[Int64?]]]
    var sequences: [Int64]
    var writeTimes: [WriteTimeLog]
    var catalog: RowCatalog
    var routes: RouteCache
    var latestVersion: [Version?]
    var recentKeys: [RecentKeys]
    var lastFaultChange: [Int64]
    var loadPlan: LoadPlan

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
        indexOf = Dictionary(uniqueKeysWithValues: regions.enumerated().map { ($1, $0) })
        policy = ResidencyPolicy(config: config)
        durationMilliseconds = scenario.duration.milliseconds
        sortedEvents = scenario.events.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
        network = SimulatedNetwork(spec: scenario.network, regions: regions, random: SimulationRandom(seed: scenario.seed, stream: .network))
        dnsRandom = SimulationRandom(seed: scenario.seed, stream: .dns)
        loadRandom = SimulationRandom(seed: scenario.seed, stream: .load)
        conflictRandom = SimulationRandom(seed: scenario.seed, stream: .conflicts)

        let start = Timestamp(milliseconds: Self.epochMilliseconds)
        var agents: [AgentCore?] = []
        for (index, region) in regions.enumerated() {
            agents.append(try AgentCore(config: config, region: region, now: start, jitterSeed: scenario.seed &+ UInt64(index)))
        }
        self.agents = agents
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
            ResolverGroup(geo: geo.name, count: Self.resolversPerGeo, initial: initial.answer(forGeo: geo.name)?.regions ?? [])
        }
        homeGeo = regions.map { region in
            config.geos.firstIndex { $0.preference.first == region } ?? config.geos.firstIndex(where: \.isDefault) ?? 0
        }

        let classNames = scenario.load.classes.isEmpty ? config.residency.classes.map(\.name) : scenario.load.classes.map(\.name)
        catalog = RowCatalog(
            config: config, policy: policy, classNames: classNames, homes: regions.count, keysPerRegion: scenario.load.keysPerRegion)
        routes = RouteCache(regions: regions, catalog: catalog, policy: policy)
        loadPlan = LoadPlan(scenario: scenario, regions: regions, catalog: catalog, policy: policy)
        replicas = Array(repeating: ReplicaState(), count: regions.count)
        clocks = Array(repeating: HybridClock(maxSkew: config.replication.maxClockSkew), count: regions.count)
        let tiers = config.tiers
        batchers = regions.map { _ in
            regions.map { peer in tiers.map { TierBatcher(peer: peer, tier: $0, settings: BatcherSettings(replication: scenario.config.replication)) } }
        }
        batcherWakeAt = regions.map { _ in regions.map { _ in tiers.map { _ in nil } } }
        sequences = Array(repeating: 0, count: regions.count)
        writeTimes = Array(repeating: WriteTimeLog(), count: regions.count)
        latestVersion = Array(repeating: nil, count: catalog.keyCount)
        recentKeys = Array(repeating: RecentKeys(), count: regions.count)
        lastFaultChange = Array(repeating: .min, count: regions.count)
        recorder = RunRecorder(regions: regions.map(\.rawValue), tiers: tiers, durationMilliseconds: durationMilliseconds)
    }

    /// Runs the scenario to its end (plus replication settling) and measures it.
    func run() -> SimulationResult {
        scheduleStart()
        while !finished, let (time, event) = queue.popNext() {
            now = time
            handle(event)
        }
        return finish()
    }

    private func scheduleStart() {
        for index in regions.indices { scheduleWake(index) }
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

    private func handle(_ event: SimulationEvent) {
        switch event {
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
        case .batcherWake(let origin, let peer, let tier): batcherWake(origin, peer, tier)
        case .batchArrives(let origin, let peer, let tier, let batch): batchArrives(origin, peer, tier, batch)
        case .batchAcknowledged(let origin, let peer, let tier, let id): batchAcknowledged(origin, peer, tier, id)
        case .batchFailed(let origin, let peer, let tier, let id): batchFailed(origin, peer, tier, id)
        case .scenarioEnds: scenarioEnds()
        case .settleCheck: settleCheck()
        }
    }

    /// The time an agent or database in `region` reads from its (possibly skewed) clock.
    func localTime(_ region: Int) -> Timestamp {
        Timestamp(milliseconds: Self.epochMilliseconds + now + clockSkew[region])
    }
}
