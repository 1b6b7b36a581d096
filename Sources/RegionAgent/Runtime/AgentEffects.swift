import RegionCore

/// Probes one region: runs every health check regions.yaml lists for it and reports how
/// the region as a whole answered.
public protocol RegionProbing: Sendable {
    func probe(_ region: RegionName) async -> ProbeOutcome
}

/// Delivers this agent's observations to one peer. Loss is tolerated by the quorum, so a
/// failure is only logged.
public protocol GossipTransport: Sendable {
    func send(_ gossip: ObservationGossip, to peer: RegionName) async throws
}

/// Makes the DNS provider serve a desired state. Performs one attempt: retries are decided
/// by the core (`AgentCore`'s DNS publication backoff), so no retry layer may be stacked here.
public protocol DNSPublishing: Sendable {
    func publish(_ state: DesiredDNSState, reason: String) async throws
}

/// How far behind other regions are on this region's changes, per tier, as measured here
/// (the sender knows the age of the oldest change a peer has not acknowledged). Failback
/// of a recovered region waits until this is under every tier's objective.
public protocol ReplicationLagSource: Sendable {
    func catchUpLag() async -> [RegionName: [String: Duration]]
}

/// Hears what the agent saw and decided, for logs, metrics and status. Called on the
/// runtime's serial path: implementations must return quickly and never block.
public protocol AgentObserver: Sendable {
    func agentReceived(_ event: AgentEvent, at now: Timestamp)
    func agentDecided(_ action: AgentAction, at now: Timestamp)
    /// The core's state once an event's actions were dispatched.
    func agentSettled(_ core: AgentCore, at now: Timestamp)
}

extension AgentObserver {
    public func agentSettled(_ core: AgentCore, at now: Timestamp) {}
}

/// The I/O the runtime performs on the core's behalf.
public struct AgentEffects: Sendable {
    public var prober: any RegionProbing
    public var gossip: any GossipTransport
    public var dns: any DNSPublishing
    public var lag: (any ReplicationLagSource)?
    public var observers: [any AgentObserver]

    public init(
        prober: any RegionProbing, gossip: any GossipTransport, dns: any DNSPublishing,
        lag: (any ReplicationLagSource)? = nil, observers: [any AgentObserver] = []
    ) {
        self.prober = prober
        self.gossip = gossip
        self.dns = dns
        self.lag = lag
        self.observers = observers
    }
}
