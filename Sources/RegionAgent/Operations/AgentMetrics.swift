import Metrics
import RegionCore

/// Exports what the agent sees and decides through swift-metrics, so `/metrics` shows it.
///
/// Metric names (Prometheus, labels in braces):
/// - `regiond_probe_latency_seconds{target}`: histogram of successful probe latencies.
/// - `regiond_probe_up{target}`: 1 when the last probe of the target succeeded, else 0.
/// - `regiond_target_state{target}`: this agent's belief, 2 up, 1 degraded, 0 down.
/// - `regiond_region_in_view{region}`: 1 while the agreed quorum view counts the region.
/// - `regiond_quorum_majority`: 1 while this agent hears a majority of the view.
/// - `regiond_coordinator`: 1 while this agent coordinates DNS writes.
/// - `regiond_catchup_lag_seconds{region,tier}`: replication catch-up lag reported per region.
/// - `regiond_alarms_total{kind}`: alarms raised (no_available_region, dns_apply_failing, isolated).
/// DNS changes, replication, residency and integrity figures come from their own components
/// (`DNSProviderPublisher`, the replication service, the integrity checker) through the same
/// metrics backend.
public struct AgentMetrics: AgentObserver {
    private let factory: any MetricsFactory

    /// - Parameter factory: the backend; the daemon passes the Prometheus factory it bootstrapped,
    ///   tests pass one per in-process agent so their figures do not mix.
    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        self.factory = factory
    }

    public func agentReceived(_ event: AgentEvent, at now: Timestamp) {
        switch event {
        case .probeCompleted(let result):
            let target = [("target", result.target.rawValue)]
            switch result.outcome {
            case .success(let latency):
                Metrics.Timer(label: "regiond_probe_latency_seconds", dimensions: target, factory: factory)
                    .recordNanoseconds(latency.milliseconds * 1_000_000)
                Gauge(label: "regiond_probe_up", dimensions: target, factory: factory).record(1)
            case .failure:
                Gauge(label: "regiond_probe_up", dimensions: target, factory: factory).record(0)
            }
        case .replicationLag(let lagging, let lagByTier):
            recordLag(region: lagging, lagByTier: lagByTier)
        case .gossipReceived(let message):
            recordLag(region: message.from, lagByTier: message.lagByTier)
        case .tick, .drainChanged, .dnsApplySucceeded, .dnsApplyFailed:
            break
        }
    }

    public func agentDecided(_ action: AgentAction, at now: Timestamp) {
        switch action {
        case .healthChanged(let transition):
            Gauge(label: "regiond_target_state", dimensions: [("target", transition.target.rawValue)], factory: factory)
                .record(Self.gaugeValue(of: transition.to))
        case .viewChanged(let down, let up):
            for region in down { inView(region, false) }
            for region in up { inView(region, true) }
        case .alarm(let alarm):
            Counter(label: "regiond_alarms_total", dimensions: [("kind", Self.kind(of: alarm))], factory: factory).increment()
        case .coordinatorChanged, .applyDNS, .probe, .sendGossip:
            break
        }
    }

    /// The core reports losing the majority as an alarm but regaining it silently, so the
    /// role gauges are refreshed from the state itself.
    public func agentSettled(_ core: AgentCore, at now: Timestamp) {
        Gauge(label: "regiond_coordinator", factory: factory).record(core.isCoordinator ? 1 : 0)
        Gauge(label: "regiond_quorum_majority", factory: factory).record(core.isOnMajoritySide ? 1 : 0)
    }

    /// Sets the gauges whose value is known before any event, so a scrape right after start
    /// shows every voter.
    public func recordInitialState(of core: AgentCore) {
        for voter in core.config.voterNames {
            inView(voter, core.agreedView.contains(voter))
            Gauge(label: "regiond_target_state", dimensions: [("target", voter.rawValue)], factory: factory)
                .record(Self.gaugeValue(of: core.health.status(of: voter) ?? .up))
        }
        agentSettled(core, at: .zero)
    }

    private func inView(_ region: RegionName, _ member: Bool) {
        Gauge(label: "regiond_region_in_view", dimensions: [("region", region.rawValue)], factory: factory).record(member ? 1 : 0)
    }

    private func recordLag(region lagging: RegionName, lagByTier: [String: Duration]) {
        for (tier, lag) in lagByTier {
            Gauge(label: "regiond_catchup_lag_seconds", dimensions: [("region", lagging.rawValue), ("tier", tier)], factory: factory)
                .record(lag.seconds)
        }
    }

    private static func gaugeValue(of status: TargetHealthStatus) -> Int {
        switch status {
        case .up: 2
        case .degraded: 1
        case .down: 0
        }
    }

    private static func kind(of alarm: AgentAlarm) -> String {
        switch alarm {
        case .noAvailableRegion: "no_available_region"
        case .dnsApplyFailing: "dns_apply_failing"
        case .isolated: "isolated"
        }
    }
}
