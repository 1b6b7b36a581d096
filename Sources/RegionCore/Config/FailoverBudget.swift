/// The worst-case failover timeline implied by the health and DNS settings, term by term.
///
/// One pure computation shared by `regiond check`, the simulator and reports, so the
/// numbers an SRE reads before an outage are the ones the agent lives by during it.
public struct FailoverBudget: Sendable, Equatable {
    public var probeInterval: Duration
    public var failureThreshold: Int
    public var recoveryThreshold: Int
    public var probeTimeout: Duration
    public var gossipInterval: Duration
    public var dnsApply: Duration
    public var ttl: Duration
    /// Extra wait before a flapping region may serve again.
    public var flapStableFor: Duration
    public var objectives: Objectives

    public init(health: HealthSettings, dnsApply: Duration, ttl: Duration, objectives: Objectives) {
        probeInterval = health.interval
        failureThreshold = health.failureThreshold
        recoveryThreshold = health.recoveryThreshold
        probeTimeout = health.timeout
        gossipInterval = health.gossipInterval
        flapStableFor = health.stableFor
        self.dnsApply = dnsApply
        self.ttl = ttl
        self.objectives = objectives
    }

    public init(config: RegionsConfig) {
        self.init(health: config.health, dnsApply: config.dns.applyTimeout, ttl: config.service.ttl, objectives: config.objectives)
    }

    /// Consecutive failed probes needed: interval × failure_threshold.
    public var probing: Duration { probeInterval * failureThreshold }

    /// Outage start to quorum decision: probing + the last probe's timeout + one gossip round.
    public var detection: Duration { probing + probeTimeout + gossipInterval }

    /// Outage start to every resolver's cached answer pointing elsewhere.
    public var reroute: Duration { detection + dnsApply + ttl }

    /// Region back up to the agents agreeing it is up: interval × recovery_threshold + gossip.
    /// Traffic returns later still: only once replication has caught up (see tier lags).
    public var recovery: Duration { probeInterval * recoveryThreshold + gossipInterval }

    /// Recovery plus publishing the answer and letting old answers expire.
    public var failback: Duration { recovery + dnsApply + ttl }

    public var detectionMargin: Duration { objectives.detection - detection }
    public var rerouteMargin: Duration { objectives.reroute - reroute }
    public var meetsDetectionObjective: Bool { detection <= objectives.detection }
    public var meetsRerouteObjective: Bool { reroute <= objectives.reroute }
}
