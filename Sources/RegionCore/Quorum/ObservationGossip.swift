/// One agent's periodic message to its peers: its own current observations, and how far
/// its region's database is behind on each tier.
///
/// A message carries only the sender's own observations (never relayed ones), so hearing
/// from a voter means a direct path to it exists; that is what "being on the majority
/// side" relies on.
public struct ObservationGossip: Sendable, Equatable, Codable {
    public var from: RegionName
    /// The sender's clock when it sent the message.
    public var sentAt: Timestamp
    public var observations: [Observation]
    /// The sender region's replication catch-up lag per tier name, when it knows it; the
    /// planner waits for this to be under every tier's `maxLag` before failing back.
    public var lagByTier: [String: Duration]
    /// The sender's clock when `lagByTier` was measured (not when it was sent): a stale
    /// measurement must not let a region fail back.
    public var lagMeasuredAt: Timestamp?

    public init(
        from: RegionName, sentAt: Timestamp, observations: [Observation],
        lagByTier: [String: Duration] = [:], lagMeasuredAt: Timestamp? = nil
    ) {
        self.from = from
        self.sentAt = sentAt
        self.observations = observations
        self.lagByTier = lagByTier
        self.lagMeasuredAt = lagMeasuredAt
    }

    private enum CodingKeys: String, CodingKey {
        case from, sentAtMilliseconds, observations, lagMillisecondsByTier, lagMeasuredAtMilliseconds
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        from = try container.decode(RegionName.self, forKey: .from)
        sentAt = Timestamp(milliseconds: try container.decode(Int64.self, forKey: .sentAtMilliseconds))
        observations = try container.decode([Observation].self, forKey: .observations)
        let lagMilliseconds = try container.decodeIfPresent([String: Int64].self, forKey: .lagMillisecondsByTier) ?? [:]
        lagByTier = lagMilliseconds.mapValues { .milliseconds($0) }
        lagMeasuredAt = try container.decodeIfPresent(Int64.self, forKey: .lagMeasuredAtMilliseconds).map(Timestamp.init)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(from, forKey: .from)
        try container.encode(sentAt.milliseconds, forKey: .sentAtMilliseconds)
        try container.encode(observations, forKey: .observations)
        try container.encode(lagByTier.mapValues(\.milliseconds), forKey: .lagMillisecondsByTier)
        try container.encodeIfPresent(lagMeasuredAt?.milliseconds, forKey: .lagMeasuredAtMilliseconds)
    }
}
