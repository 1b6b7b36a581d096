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
    /// Regions the sender keeps out of DNS until they catch up. An agent that starts, reloads
    /// or heals has no memory of who left the view while it was away; it adopts these until
    /// it has heard every member, so that its own region, say, is not failed back before its
    /// database caught up. Absent in messages of earlier releases (read as empty).
    public var awaitingCatchUp: [RegionName]

    public init(
        from: RegionName, sentAt: Timestamp, observations: [Observation],
        lagByTier: [String: Duration] = [:], lagMeasuredAt: Timestamp? = nil, awaitingCatchUp: [RegionName] = []
    ) {
        self.from = from
        self.sentAt = sentAt
        self.observations = observations
        self.lagByTier = lagByTier
        self.lagMeasuredAt = lagMeasuredAt
        self.awaitingCatchUp = awaitingCatchUp
    }

    private enum CodingKeys: String, CodingKey {
        case from, sentAtMilliseconds, observations, lagMillisecondsByTier, lagMeasuredAtMilliseconds, awaitingCatchUp
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        from = try container.decode(RegionName.self, forKey: .from)
        sentAt = Timestamp(milliseconds: try container.decode(Int64.self, forKey: .sentAtMilliseconds))
        observations = try container.decode([Observation].self, forKey: .observations)
        let lagMilliseconds = try container.decodeIfPresent([String: Int64].self, forKey: .lagMillisecondsByTier) ?? [:]
        lagByTier = lagMilliseconds.mapValues { .milliseconds($0) }
        lagMeasuredAt = try container.decodeIfPresent(Int64.self, forKey: .lagMeasuredAtMilliseconds).map(Timestamp.init)
        awaitingCatchUp = try container.decodeIfPresent([RegionName].self, forKey: .awaitingCatchUp) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(from, forKey: .from)
        try container.encode(sentAt.milliseconds, forKey: .sentAtMilliseconds)
        try container.encode(observations, forKey: .observations)
        try container.encode(lagByTier.mapValues(\.milliseconds), forKey: .lagMillisecondsByTier)
        try container.encodeIfPresent(lagMeasuredAt?.milliseconds, forKey: .lagMeasuredAtMilliseconds)
        if !awaitingCatchUp.isEmpty { try container.encode(awaitingCatchUp, forKey: .awaitingCatchUp) }
    }
}
