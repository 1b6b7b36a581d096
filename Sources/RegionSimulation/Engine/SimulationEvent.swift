import RegionCore

/// Everything that can happen at a point of virtual time. Regions are referred to by
/// their index in config order.
enum SimulationEvent {
    /// An agent process starts (at the beginning of the run, at a phase of its own).
    case agentStarts(region: Int)
    /// An agent's `nextWakeUp` came.
    case agentWake(region: Int)
    case probeAnswered(observer: Int, ProbeResult)
    case gossipArrives(to: Int, ObservationGossip)
    /// The DNS provider answered the coordinator's write.
    case dnsAnswered(coordinator: Int, DesiredDNSState, failure: String?)
    /// A write accepted earlier has propagated: resolvers now get it.
    case dnsPropagated(DesiredDNSState)
    case resolverRefresh(geo: Int, resolver: Int)
    /// A scenario event (index into the sorted events).
    case scenario(Int)
    case partitionEnds(id: Int)
    case flapToggle(region: Int, goingDown: Bool, endsAt: Int64, down: Duration, up: Duration)
    case dnsOutageEnds
    /// Users make writes for the next load step.
    case loadStep
    /// Agents learn their region's catch-up lag.
    case lagReport
    /// The scenario's duration is over: load stops, replication settles.
    case scenarioEnds
    case settleCheck

    /// Whether handling the event reads or changes the data plane (stores, batchers, the
    /// network's state), so the replication links must first catch up to its instant.
    var touchesDataPlane: Bool {
        switch self {
        case .agentStarts, .agentWake, .probeAnswered, .gossipArrives, .dnsAnswered, .resolverRefresh, .dnsOutageEnds: false
        case .dnsPropagated, .scenario, .partitionEnds, .flapToggle, .loadStep, .lagReport, .scenarioEnds, .settleCheck: true
        }
    }
}
