/// What one agent (the observer) last concluded about one region (the target).
///
/// Observations are the only input of the quorum: agents gossip them, and every agent
/// holding the same observations reaches the same view.
public struct Observation: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable {
        case up, down
    }

    public var observer: RegionName
    public var target: RegionName
    public var status: Status
    /// The observer's time of the probe that last confirmed `status`; the quorum ignores the
    /// observation once it is older than `HealthSettings.observationTTL`. Comparing another
    /// agent's clock with one's own assumes clocks agree to a small fraction of the TTL
    /// (NTP-synchronised hosts; the replication clock-skew guard flags worse).
    public var observedAt: Timestamp

    public init(observer: RegionName, target: RegionName, status: Status, observedAt: Timestamp) {
        self.observer = observer
        self.target = target
        self.status = status
        self.observedAt = observedAt
    }

    private enum CodingKeys: String, CodingKey { case observer, target, status, observedAtMilliseconds }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        observer = try container.decode(RegionName.self, forKey: .observer)
        target = try container.decode(RegionName.self, forKey: .target)
        status = try container.decode(Status.self, forKey: .status)
        observedAt = Timestamp(milliseconds: try container.decode(Int64.self, forKey: .observedAtMilliseconds))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(observer, forKey: .observer)
        try container.encode(target, forKey: .target)
        try container.encode(status, forKey: .status)
        try container.encode(observedAt.milliseconds, forKey: .observedAtMilliseconds)
    }

    /// Whether this observation is more recent than `other` about the same pair. Equal times
    /// prefer `down`, so two copies that disagree resolve the same way on every agent.
    func supersedes(_ other: Observation) -> Bool {
        if observedAt != other.observedAt { return observedAt > other.observedAt }
        return status == .down && other.status == .up
    }
}
