/// What one observer currently believes about one target.
public enum TargetHealthStatus: String, Sendable, Equatable, CaseIterable {
    /// Answering within `slowThreshold`.
    case up
    /// Answering, but slower than `slowThreshold`: alive for the quorum, visible in status
    /// so SREs see a struggling region before it fails.
    case degraded
    /// Failed `failureThreshold` probes in a row and has not yet recovered.
    case down

    /// Whether the quorum should count this as alive; a slow region still serves.
    public var isAlive: Bool { self != .down }
}

/// A change of an observer's belief about one target, for logs, metrics and the timeline.
public struct HealthTransition: Sendable, Equatable {
    public var target: RegionName
    public var from: TargetHealthStatus
    public var to: TargetHealthStatus
    public var at: Timestamp

    public init(target: RegionName, from: TargetHealthStatus, to: TargetHealthStatus, at: Timestamp) {
        self.target = target
        self.from = from
        self.to = to
        self.at = at
    }
}
