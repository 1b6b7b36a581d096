import RegionCore

/// The body of `GET /v1/status`: what one agent sees of the deployment, for `regiond status`,
/// dashboards and peers.
///
/// It encodes the `PeerStatus` fields under their wire names (a peer decoding a `PeerStatus`
/// reads this body and ignores the rest) and adds the operator's view: per-region health as
/// this agent sees it, the DNS answer per geo, replication lag per tier, drains and roles.
public struct AgentStatus: Sendable, Equatable, Codable {
    public var peer: PeerStatus
    public var coordinator: RegionName?
    public var isOnMajoritySide: Bool
    public var drained: [RegionName]
    public var regions: [RegionStatus]
    public var dns: [GeoStatus]

    public init(
        peer: PeerStatus, coordinator: RegionName?, isOnMajoritySide: Bool, drained: [RegionName],
        regions: [RegionStatus], dns: [GeoStatus]
    ) {
        self.peer = peer
        self.coordinator = coordinator
        self.isOnMajoritySide = isOnMajoritySide
        self.drained = drained
        self.regions = regions
        self.dns = dns
    }

    /// One region as the reporting agent sees it.
    public struct RegionStatus: Sendable, Equatable, Codable {
        public var name: RegionName
        public var role: String
        /// This agent's own belief (`up`, `degraded`, `down`).
        public var health: String
        /// Whether the agreed quorum view counts the region.
        public var inView: Bool
        public var awaitingCatchUp: Bool
        public var lastLatencyMilliseconds: Int64?
        public var lastFailure: String?
        /// Catch-up lag per tier as last reported for this region.
        public var lagMillisecondsByTier: [String: Int64]
    }

    /// The DNS answer for one geo: regions best first with their weights.
    public struct GeoStatus: Sendable, Equatable, Codable {
        public var geo: String
        public var served: RegionName?
        public var regions: [RegionName]
        public var weights: [Int]
    }

    private enum CodingKeys: String, CodingKey {
        case coordinator, isOnMajoritySide, drained, regions, dns
    }

    public init(from decoder: any Decoder) throws {
        peer = try PeerStatus(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        coordinator = try container.decodeIfPresent(RegionName.self, forKey: .coordinator)
        isOnMajoritySide = try container.decode(Bool.self, forKey: .isOnMajoritySide)
        drained = try container.decode([RegionName].self, forKey: .drained)
        regions = try container.decode([RegionStatus].self, forKey: .regions)
        dns = try container.decode([GeoStatus].self, forKey: .dns)
    }

    public func encode(to encoder: any Encoder) throws {
        try peer.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(coordinator, forKey: .coordinator)
        try container.encode(isOnMajoritySide, forKey: .isOnMajoritySide)
        try container.encode(drained, forKey: .drained)
        try container.encode(regions, forKey: .regions)
        try container.encode(dns, forKey: .dns)
    }
}

extension AgentStatus {
    /// The status of the agent running `core`, at `now`.
    public init(core: AgentCore, now: Timestamp) {
        let ownLag = core.planner.catchUp.measurements(of: core.region).mapValues(\.lag)
        let awaiting = Set(core.plan.awaitingCatchUp)
        self.init(
            peer: PeerStatus(region: core.region, reportedAt: now, view: core.agreedView, lagByTier: ownLag),
            coordinator: core.coordinator,
            isOnMajoritySide: core.isOnMajoritySide,
            drained: core.config.voterNames.filter { core.drained.contains($0) },
            regions: core.config.regions.map { region in
                let health = core.health[region.name]
                return RegionStatus(
                    name: region.name, role: region.role.rawValue, health: (health?.status ?? .up).rawValue,
                    inView: core.agreedView.contains(region.name), awaitingCatchUp: awaiting.contains(region.name),
                    lastLatencyMilliseconds: health?.lastLatency?.milliseconds, lastFailure: (health?.consecutiveFailures ?? 0) > 0 ? health?.lastFailureReason : nil,
                    lagMillisecondsByTier: core.planner.catchUp.measurements(of: region.name).mapValues(\.lag.milliseconds))
            },
            dns: core.desiredDNS.geos.map { answer in
                GeoStatus(
                    geo: answer.geo, served: answer.served, regions: answer.regions.map(\.region),
                    weights: answer.regions.map(\.weight))
            })
    }
}
