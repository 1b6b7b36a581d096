/// The body answered to `GET /v1/status`: what an agent tells its peers and operators about
/// itself. Fields are added in minor protocol versions; decoders ignore unknown ones.
public struct PeerStatus: Equatable, Sendable, Codable {
    public var region: RegionName
    public var protocolVersion: PeerProtocolVersion
    /// The agent's clock when it answered, so a peer can spot clock skew before it makes
    /// signed requests fail.
    public var reportedAt: Timestamp
    /// The regions this agent currently counts in the quorum view.
    public var view: [RegionName]
    /// This region's replication catch-up lag per tier, when measured.
    public var lagByTier: [String: Duration]

    public init(region: RegionName, protocolVersion: PeerProtocolVersion = .current, reportedAt: Timestamp, view: [RegionName], lagByTier: [String: Duration] = [:]) {
        self.region = region
        self.protocolVersion = protocolVersion
        self.reportedAt = reportedAt
        self.view = view
        self.lagByTier = lagByTier
    }

    private enum CodingKeys: String, CodingKey {
        case region, protocolVersion, reportedAtMilliseconds, view, lagMillisecondsByTier
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        region = try container.decode(RegionName.self, forKey: .region)
        protocolVersion = try container.decode(PeerProtocolVersion.self, forKey: .protocolVersion)
        reportedAt = Timestamp(milliseconds: try container.decode(Int64.self, forKey: .reportedAtMilliseconds))
        view = try container.decode([RegionName].self, forKey: .view)
        lagByTier = try container.decode([String: Int64].self, forKey: .lagMillisecondsByTier).mapValues { .milliseconds($0) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(region, forKey: .region)
        try container.encode(protocolVersion, forKey: .protocolVersion)
        try container.encode(reportedAt.milliseconds, forKey: .reportedAtMilliseconds)
        try container.encode(view, forKey: .view)
        try container.encode(lagByTier.mapValues(\.milliseconds), forKey: .lagMillisecondsByTier)
    }
}
