/// One observer's view of every target it probes: the per-(observer, target) state
/// machines of the agent running it.
///
/// Every agent owns one tracker with itself as the observer; what it concludes is shared
/// with the other agents as `Observation`s, and only the quorum turns those into decisions.
public struct HealthTracker: Sendable, Equatable {
    public let observer: RegionName
    public let settings: HealthSettings
    private var targets: [RegionName: TargetHealth]

    public init(observer: RegionName, targets: [RegionName], settings: HealthSettings) {
        self.observer = observer
        self.settings = settings
        self.targets = Dictionary(uniqueKeysWithValues: targets.map { ($0, TargetHealth()) })
    }

    public subscript(target: RegionName) -> TargetHealth? { targets[target] }

    public func status(of target: RegionName) -> TargetHealthStatus? { targets[target]?.status }

    /// Records a probe result for `target`; results for targets this tracker does not know
    /// are ignored (nil), since they cannot come from a probe it asked for.
    public mutating func record(_ outcome: ProbeOutcome, for target: RegionName, at now: Timestamp) -> HealthTransition? {
        targets[target]?.record(outcome, at: now, target: target, settings: settings)
    }

    /// The observer's current belief about `target` as a value to share with peers, stamped
    /// with the time of the probe that last confirmed it; nil before the first probe, so an
    /// agent never votes on a target it has not looked at.
    public func observation(of target: RegionName) -> Observation? {
        guard let health = targets[target], let observedAt = health.lastProbeAt else { return nil }
        return Observation(
            observer: observer, target: target, status: health.status.isAlive ? .up : .down, observedAt: observedAt
        )
    }
}
