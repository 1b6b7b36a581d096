import RegionCore

/// Four `AgentCore`s wired by an in-test message loop: probes answer after a fixed latency
/// unless the target is dead or the link is cut (then they go unanswered and the core times
/// them out), gossip arrives after a fixed delay, DNS applies succeed after a delay unless
/// told to fail, and each live region's replicator reports its lag every few seconds.
/// Time advances in fixed steps; everything is deterministic.
struct AgentCoreTestCluster {
    struct Delivery {
        var at: Timestamp
        var to: RegionName
        var event: Event
    }

    enum Event {
        case probe(ProbeResult)
        case gossip(ObservationGossip)
        case dnsSucceeded(DesiredDNSState)
        case dnsFailed(String)
    }

    struct Record {
        var at: Timestamp
        var agent: RegionName
        var action: AgentAction
    }

    let config: RegionsConfig
    private(set) var agents: [RegionName: AgentCore] = [:]
    private(set) var now: Timestamp
    private(set) var log: [Record] = []
    private var inbox: [Delivery] = []
    var dead: Set<RegionName> = []
    /// Regions that answer probes while their agent is not running (it neither ticks nor
    /// hears anything): a database and application back before the sidecar.
    var stoppedAgents: Set<RegionName> = []
    /// Links that deliver nothing in either direction.
    var cutLinks: Set<Set<RegionName>> = []
    /// Number of upcoming DNS applies that fail.
    var dnsFailuresToInject = 0
    var probeLatency: Duration = .milliseconds(20)
    var gossipDelay: Duration = .milliseconds(30)
    var dnsApplyDelay: Duration = .seconds(1)
    /// What each region's replicator reports to its own agent, every `lagReportInterval`.
    var lagByRegion: [RegionName: [String: Duration]]
    let lagReportInterval: Duration = .seconds(5)
    let step: Duration = .milliseconds(100)
    private var nextLagReportAt: Timestamp

    init(config: RegionsConfig = FailoverFixture.deployment(), start: Timestamp = FailoverFixture.at(seconds: 1_000)) throws {
        self.config = config
        self.now = start
        self.nextLagReportAt = start
        self.lagByRegion = Dictionary(uniqueKeysWithValues: config.voterNames.map { ($0, FailoverFixture.caughtUp) })
        for name in config.voterNames {
            agents[name] = try AgentCore(config: config, region: name, now: start, jitterSeed: UInt64(name.rawValue.count))
        }
    }

    /// Replaces `region`'s agent with a freshly started one (a process restart: all state lost).
    mutating func restart(_ region: RegionName) throws {
        dead.remove(region)
        stoppedAgents.remove(region)
        agents[region] = try AgentCore(config: config, region: region, now: now, jitterSeed: 99)
    }

    func canTalk(_ a: RegionName, _ b: RegionName) -> Bool {
        !dead.contains(a) && !dead.contains(b) && (a == b || !cutLinks.contains([a, b]))
    }

    func isRunning(_ agent: RegionName) -> Bool { !dead.contains(agent) && !stoppedAgents.contains(agent) }

    mutating func cut(_ side: [RegionName], from others: [RegionName]) {
        for a in side { for b in others { cutLinks.insert([a, b]) } }
    }

    mutating func run(for duration: Duration) {
        let end = now + duration
        while now < end {
            now = now + step
            let due = inbox.filter { $0.at <= now }
            inbox.removeAll { $0.at <= now }
            for delivery in due where isRunning(delivery.to) { deliver(delivery) }
            if now >= nextLagReportAt {
                nextLagReportAt = now + lagReportInterval
                for (name, lag) in lagByRegion.sorted(by: { $0.key < $1.key }) where isRunning(name) {
                    inject(name) { agent, now in agent.replicationLagReported(region: name, lagByTier: lag, now: now) }
                }
            }
            for name in config.voterNames where isRunning(name) {
                guard var agent = agents[name], agent.nextWakeUp <= now else { continue }
                let actions = agent.tick(now: now)
                agents[name] = agent
                perform(actions, by: name)
            }
        }
    }

    /// Sends `region`'s agent an operator or replication event.
    mutating func inject(_ region: RegionName, _ event: (inout AgentCore, Timestamp) -> [AgentAction]) {
        guard var agent = agents[region] else { return }
        let actions = event(&agent, now)
        agents[region] = agent
        perform(actions, by: region)
    }

    func actions(of agent: RegionName, since: Timestamp = .zero) -> [(Timestamp, AgentAction)] {
        log.filter { $0.agent == agent && $0.at >= since }.map { ($0.at, $0.action) }
    }

    /// When `agent` first declared `region` down at or after `since`.
    func declaredDown(_ region: RegionName, by agent: RegionName, since: Timestamp) -> Timestamp? {
        actions(of: agent, since: since).first { _, action in
            if case .viewChanged(let down, _) = action { return down.contains(region) }
            return false
        }?.0
    }

    func dnsApplies(since: Timestamp = .zero) -> [(at: Timestamp, by: RegionName, state: DesiredDNSState, reason: String)] {
        log.compactMap { record in
            guard record.at >= since, case .applyDNS(let state, let reason) = record.action else { return nil }
            return (record.at, record.agent, state, reason)
        }
    }

    private mutating func deliver(_ delivery: Delivery) {
        guard var agent = agents[delivery.to] else { return }
        let actions: [AgentAction]
        switch delivery.event {
        case .probe(let result): actions = agent.probeCompleted(result, now: now)
        case .gossip(let message): actions = agent.gossipReceived(message, now: now)
        case .dnsSucceeded(let state): actions = agent.dnsApplySucceeded(state, now: now)
        case .dnsFailed(let reason): actions = agent.dnsApplyFailed(reason: reason, now: now)
        }
        agents[delivery.to] = agent
        perform(actions, by: delivery.to)
    }

    private mutating func perform(_ actions: [AgentAction], by agent: RegionName) {
        for action in actions {
            log.append(Record(at: now, agent: agent, action: action))
            switch action {
            case .probe(let target, let sequence) where canTalk(agent, target):
                let result = ProbeResult(target: target, sequence: sequence, outcome: .success(latency: probeLatency))
                inbox.append(Delivery(at: now + probeLatency, to: agent, event: .probe(result)))
            case .sendGossip(let message, let peers):
                for peer in peers where canTalk(agent, peer) {
                    inbox.append(Delivery(at: now + gossipDelay, to: peer, event: .gossip(message)))
                }
            case .applyDNS(let state, _):
                let event: Event = dnsFailuresToInject > 0 ? .dnsFailed("HTTP 503 from provider") : .dnsSucceeded(state)
                dnsFailuresToInject = max(0, dnsFailuresToInject - 1)
                inbox.append(Delivery(at: now + dnsApplyDelay, to: agent, event: event))
            default:
                break
            }
        }
    }
}
