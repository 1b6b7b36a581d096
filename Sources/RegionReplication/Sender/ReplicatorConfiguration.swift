import RegionCore
import RegionNet

/// What a `Replicator` needs to know besides its connections.
public struct ReplicatorConfiguration: Sendable {
    public var config: RegionsConfig
    /// The region whose changes are shipped.
    public var region: RegionName
    /// Where to ship them: every other region of the config unless narrowed.
    public var peers: [RegionName]
    /// Body encoding and size limit (match the receivers' `security.max_body_bytes`).
    public var wire: PeerWire
    /// The fallback when no NOTIFY arrives (LISTEN lost, or notifications disabled).
    public var pollInterval: Duration
    /// Changelog rows read per query.
    public var pageSize: Int
    /// Pages read per tier before the loop turns to sending and other tiers.
    public var maxPagesPerStep: Int
    /// The shortest time between two reads of the changelog: a busy database notifies on
    /// every statement, and reading on each would cost more than it saves in lag.
    public var minimumStepInterval: Duration
    public var clock: @Sendable () -> Timestamp

    public init(
        config: RegionsConfig, region: RegionName, peers: [RegionName]? = nil, wire: PeerWire? = nil,
        pollInterval: Duration = .seconds(1), pageSize: Int = 5_000, maxPagesPerStep: Int = 4,
        minimumStepInterval: Duration = .milliseconds(20), clock: @escaping @Sendable () -> Timestamp = WallClock.now
    ) {
        self.config = config
        self.region = region
        self.peers = peers ?? config.regions.map(\.name).filter { $0 != region }
        self.wire = wire ?? PeerWire(security: config.security)
        self.pollInterval = pollInterval
        self.pageSize = pageSize
        self.maxPagesPerStep = maxPagesPerStep
        self.minimumStepInterval = minimumStepInterval
        self.clock = clock
    }
}
