import RegionCore

/// The body of `POST /v1/drain` (`regiond drain` / `undrain`): take a region out of DNS for
/// planned maintenance through the failover planner, or bring it back.
public struct DrainRequest: Sendable, Equatable, Codable {
    public var region: RegionName
    public var drained: Bool
    /// Who asked, for the residency log (`$USER@host` from the CLI).
    public var requestedBy: String

    public init(region: RegionName, drained: Bool, requestedBy: String) {
        self.region = region
        self.drained = drained
        self.requestedBy = requestedBy
    }

    /// The path of the drain endpoint.
    public static let path = "/v1/drain"
}

/// The answer to a drain request: the regions the agent now holds drained.
public struct DrainReply: Sendable, Equatable, Codable {
    public var agent: RegionName
    public var drained: [RegionName]

    public init(agent: RegionName, drained: [RegionName]) {
        self.agent = agent
        self.drained = drained
    }
}
