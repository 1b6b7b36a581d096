/// What `AgentCore` asks its shell to do (the real agent performs it with I/O, the simulator
/// with simulated I/O), or tells it about for logs, metrics and the timeline.
public enum AgentAction: Sendable, Equatable {
    /// Probe `target` and report with `AgentCore.probeCompleted` echoing `sequence`. A probe
    /// not reported within `HealthSettings.timeout` is counted as failed by the core itself.
    case probe(target: RegionName, sequence: UInt64)
    /// Deliver the gossip to each listed peer (best effort; loss is expected and tolerated).
    case sendGossip(ObservationGossip, to: [RegionName])
    /// Publish the DNS state, then report `dnsApplySucceeded` or `dnsApplyFailed`. Only the
    /// coordinator on the majority side emits this, only when the desired state differs from
    /// what it last published or a retry is due. `reason` is for the audit log.
    case applyDNS(DesiredDNSState, reason: String)
    /// This agent's own belief about a target changed.
    case healthChanged(HealthTransition)
    /// The agreed view changed: regions declared down or rejoined, in config order.
    case viewChanged(down: [RegionName], up: [RegionName])
    /// The coordinator this agent recognises changed (nil: no member left in the view).
    case coordinatorChanged(RegionName?)
    case alarm(AgentAlarm)
}
