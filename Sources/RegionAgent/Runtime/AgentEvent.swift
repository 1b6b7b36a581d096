import RegionCore

/// Something that happened to the agent, as the runtime feeds it to `AgentCore`: one value
/// per core input, so events from the prober, the peer server, the DNS publisher and the
/// operator all pass through the same serial path.
public enum AgentEvent: Sendable, Equatable {
    case tick
    case probeCompleted(ProbeResult)
    case gossipReceived(ObservationGossip)
    case replicationLag(region: RegionName, lagByTier: [String: Duration])
    case drainChanged(region: RegionName, drained: Bool)
    case dnsApplySucceeded(DesiredDNSState)
    case dnsApplyFailed(reason: String)
}

extension AgentCore {
    /// Feeds one event to the state machine and returns the actions it caused.
    mutating func handle(_ event: AgentEvent, now: Timestamp) -> [AgentAction] {
        switch event {
        case .tick: tick(now: now)
        case .probeCompleted(let result): probeCompleted(result, now: now)
        case .gossipReceived(let message): gossipReceived(message, now: now)
        case .replicationLag(let region, let lagByTier): replicationLagReported(region: region, lagByTier: lagByTier, now: now)
        case .drainChanged(let region, let drained): drainChanged(region: region, drained: drained, now: now)
        case .dnsApplySucceeded(let state): dnsApplySucceeded(state, now: now)
        case .dnsApplyFailed(let reason): dnsApplyFailed(reason: reason, now: now)
        }
    }
}
