/// The whole deployment as declared in regions.yaml: every agent loads the same file,
/// so every agent computes the same plans from it.
///
/// Built by `RegionsConfigLoader` (which validates and records source locations);
/// tests and the simulator may also construct it directly.
public struct RegionsConfig: Sendable, Equatable {
    public var service: ServiceConfig
    public var objectives: Objectives
    public var health: HealthSettings
    public var dns: DNSSettings
    /// In config order; the order breaks ties (coordinator choice, default preference).
    public var regions: [RegionConfig]
    /// In config order; exactly one entry has `isDefault`.
    public var geos: [GeoConfig]
    public var tiers: [TierConfig]
    public var residency: ResidencyConfig
    public var retention: [RetentionRule]
    public var integrity: IntegritySettings
    public var replication: ReplicationSettings
    public var security: SecuritySettings

    public init(
        service: ServiceConfig, objectives: Objectives, health: HealthSettings, dns: DNSSettings,
        regions: [RegionConfig], geos: [GeoConfig], tiers: [TierConfig], residency: ResidencyConfig,
        retention: [RetentionRule] = [], integrity: IntegritySettings = .init(),
        replication: ReplicationSettings = .init(), security: SecuritySettings = .init()
    ) {
        self.service = service
        self.objectives = objectives
        self.health = health
        self.dns = dns
        self.regions = regions
        self.geos = geos
        self.tiers = tiers
        self.residency = residency
        self.retention = retention
        self.integrity = integrity
        self.replication = replication
        self.security = security
    }

    public func region(_ name: RegionName) -> RegionConfig? { regions.first { $0.name == name } }

    /// Regions whose address may be served in DNS (witnesses excluded).
    public var servingRegions: [RegionConfig] { regions.filter(\.servesTraffic) }

    /// Every agent that votes in the quorum: serving regions and witnesses.
    public var voterNames: [RegionName] { regions.map(\.name) }

    public func tier(ofTable table: String) -> TierConfig? { tiers.first { $0.tables.contains(table) } }

    public var defaultGeo: GeoConfig? { geos.first(where: \.isDefault) }

    /// Every table named by some tier, in tier then list order.
    public var replicatedTables: [String] { tiers.flatMap(\.tables) }
}

/// What regiond steers: the DNS zone, the names in it, and how long resolvers cache them.
public struct ServiceConfig: Sendable, Equatable {
    /// Fully qualified, with the trailing dot (`example.com.`).
    public var zone: String
    /// Fully qualified names inside `zone`; a leading `*.` label is a wildcard.
    public var hostnames: [String]
    public var ttl: Duration

    public init(zone: String, hostnames: [String], ttl: Duration) {
        self.zone = zone
        self.hostnames = hostnames
        self.ttl = ttl
    }
}

/// The promises made to users; `regiond check` proves the settings keep them.
public struct Objectives: Sendable, Equatable {
    /// Outage start to region declared down by quorum.
    public var detection: Duration
    /// Outage start to every resolver's cached answer pointing elsewhere.
    public var reroute: Duration
    /// Replication lag promised per tier name; a tier's `max_lag` may not exceed it.
    public var replicationLag: [String: Duration]

    /// The promises of the platform plan: critical data within 5 s, user content within
    /// 30 s, logs within 5 minutes.
    public static let defaultReplicationLag: [String: Duration] = [
        "critical": .seconds(5), "content": .seconds(30), "logs": .seconds(300),
    ]

    public init(
        detection: Duration = .seconds(30), reroute: Duration = .seconds(120),
        replicationLag: [String: Duration] = Objectives.defaultReplicationLag
    ) {
        self.detection = detection
        self.reroute = reroute
        self.replicationLag = replicationLag
    }
}

public struct HealthSettings: Sendable, Equatable {
    public var interval: Duration
    public var timeout: Duration
    /// Consecutive failed probes before a target is seen down.
    public var failureThreshold: Int
    /// Consecutive good probes before a down target is seen up again; larger than
    /// `failureThreshold` so recovery is slower than failure (hysteresis).
    public var recoveryThreshold: Int
    /// A probe slower than this counts as degraded (alive, but visible in status).
    public var slowThreshold: Duration
    /// Flap damping: this many down/up transitions within `flapWindow`...
    public var flapThreshold: Int
    public var flapWindow: Duration
    /// ...keep the target down until it has been continuously healthy this long.
    public var stableFor: Duration
    /// How often agents exchange observations.
    public var gossipInterval: Duration
    /// Observations older than this are ignored by the quorum.
    public var observationTTL: Duration

    public init(
        interval: Duration = .seconds(5), timeout: Duration = .seconds(2), failureThreshold: Int = 3,
        recoveryThreshold: Int = 6, slowThreshold: Duration = .milliseconds(500), flapThreshold: Int = 4,
        flapWindow: Duration = .seconds(600), stableFor: Duration = .seconds(300),
        gossipInterval: Duration = .seconds(2), observationTTL: Duration = .seconds(30)
    ) {
        self.interval = interval
        self.timeout = timeout
        self.failureThreshold = failureThreshold
        self.recoveryThreshold = recoveryThreshold
        self.slowThreshold = slowThreshold
        self.flapThreshold = flapThreshold
        self.flapWindow = flapWindow
        self.stableFor = stableFor
        self.gossipInterval = gossipInterval
        self.observationTTL = observationTTL
    }

    /// Worst-case time from outage start to quorum decision:
    /// interval × failure_threshold + timeout + one gossip round.
    public var worstCaseDetection: Duration {
        interval * failureThreshold + timeout + gossipInterval
    }
}

public struct DNSSettings: Sendable, Equatable {
    public var provider: DNSProviderConfig
    /// Budget for the provider to accept and publish a change (counts toward reroute).
    public var applyTimeout: Duration

    public init(provider: DNSProviderConfig, applyTimeout: Duration = .seconds(15)) {
        self.provider = provider
        self.applyTimeout = applyTimeout
    }
}

public enum DNSProviderConfig: Sendable, Equatable {
    case powerDNS(apiURL: String, serverID: String, apiKey: SecretReference)
    case route53(hostedZoneID: String, endpoint: String?, accessKeyID: SecretReference, secretAccessKey: SecretReference)
    /// Writes the desired state to a file; for dry runs and the simulator.
    case file(path: String)
}

/// A secret is always referenced, never written in regions.yaml.
public enum SecretReference: Sendable, Equatable, CustomStringConvertible {
    case environment(String)
    case file(String)

    public var description: String {
        switch self {
        case .environment(let name): "env:\(name)"
        case .file(let path): "file:\(path)"
        }
    }
}

public enum RegionRole: String, Sendable, Equatable, CaseIterable {
    case primary, secondary, dr
    /// Votes in the quorum, serves no traffic (a planned region's agent, or a tie-breaker).
    case witness
}

public struct RegionConfig: Sendable, Equatable {
    public var name: RegionName
    public var role: RegionRole
    /// Share of global traffic in percent (capacity planning; weights of shared geos).
    public var traffic: Int
    /// ISO 3166 country code of the region's jurisdiction (`KR`, `SG`, `JP`, `DE`).
    public var jurisdiction: String
    /// Addresses answered in DNS for this region.
    public var addresses: [String]
    /// Base URL of this region's agent (peer protocol).
    public var agentURL: String
    /// libpq connection string, referenced.
    public var database: SecretReference
    public var healthChecks: [HealthCheckTarget]
    /// Minimum TLS version accepted on links to this region ("1.2" or "1.3").
    public var minTLS: String
    public var location: SourceLocation?

    public init(
        name: RegionName, role: RegionRole, traffic: Int, jurisdiction: String, addresses: [String],
        agentURL: String, database: SecretReference, healthChecks: [HealthCheckTarget] = [],
        minTLS: String = "1.2", location: SourceLocation? = nil
    ) {
        self.name = name
        self.role = role
        self.traffic = traffic
        self.jurisdiction = jurisdiction
        self.addresses = addresses
        self.agentURL = agentURL
        self.database = database
        self.healthChecks = healthChecks
        self.minTLS = minTLS
        self.location = location
    }

    public var servesTraffic: Bool { role != .witness }
}

public struct HealthCheckTarget: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable, CaseIterable { case http, tcp, postgres }
    public var kind: Kind
    /// URL for http, `host:port` for tcp; for postgres, unused (the region's database is probed).
    public var target: String

    public init(kind: Kind, target: String) {
        self.kind = kind
        self.target = target
    }
}

/// A group of users (by country, continent or client network) and the regions that
/// should serve them, best first.
public struct GeoConfig: Sendable, Equatable {
    public var name: String
    public var countries: [String]
    public var continents: [String]
    /// Client networks in CIDR form (EDNS client subnet), like gdnsd's `nets`.
    public var networks: [String]
    public var preference: [RegionName]
    /// Optional traffic split among the preferred regions; absent means "first healthy wins".
    public var weights: [RegionName: Int]
    public var isDefault: Bool
    public var location: SourceLocation?

    public init(
        name: String, countries: [String] = [], continents: [String] = [], networks: [String] = [],
        preference: [RegionName], weights: [RegionName: Int] = [:], isDefault: Bool = false,
        location: SourceLocation? = nil
    ) {
        self.name = name
        self.countries = countries
        self.continents = continents
        self.networks = networks
        self.preference = preference
        self.weights = weights
        self.isDefault = isDefault
        self.location = location
    }
}

public struct TierConfig: Sendable, Equatable {
    public var name: String
    /// Replication lag objective.
    public var maxLag: Duration
    public var tables: [String]
    /// Collect changes this long before cutting a batch (coalescing window / batch period).
    public var batchWindow: Duration
    public var maxBatchRows: Int
    public var maxBatchBytes: Int
    public var compress: Bool
    public var location: SourceLocation?

    public init(
        name: String, maxLag: Duration, tables: [String], batchWindow: Duration, maxBatchRows: Int = 5_000,
        maxBatchBytes: Int = 4 << 20, compress: Bool = false, location: SourceLocation? = nil
    ) {
        self.name = name
        self.maxLag = maxLag
        self.tables = tables
        self.batchWindow = batchWindow
        self.maxBatchRows = maxBatchRows
        self.maxBatchBytes = maxBatchBytes
        self.compress = compress
        self.location = location
    }
}

public struct ResidencyConfig: Sendable, Equatable {
    public var classes: [ResidencyClass]
    public var tables: [String: TableResidency]

    public init(classes: [ResidencyClass], tables: [String: TableResidency]) {
        self.classes = classes
        self.tables = tables
    }

    public func residencyClass(named name: String) -> ResidencyClass? { classes.first { $0.name == name } }
}

/// A named set of regions where rows of this class may be stored.
public struct ResidencyClass: Sendable, Equatable {
    public var name: String
    /// Resolved at load time from `regions:`, `jurisdictions:` or `anywhere: true`.
    public var allowedRegions: Set<RegionName>
    public var location: SourceLocation?

    public init(name: String, allowedRegions: Set<RegionName>, location: SourceLocation? = nil) {
        self.name = name
        self.allowedRegions = allowedRegions
        self.location = location
    }
}

/// How a table's rows get their residency class.
public enum TableResidency: Sendable, Equatable {
    /// Every row has this class.
    case fixed(className: String)
    /// The class is derived from a column: `map` by value (country codes; `EU` stands for
    /// every EU member state), `default` for other non-NULL values. NULL, or a value with no
    /// mapping and no default, has no class: the row stays in its origin region (fail closed).
    case byColumn(column: String, map: [String: String], default: String?)
}

public struct RetentionRule: Sendable, Equatable {
    public var region: RegionName
    /// Scope: a tier, a table or a residency class (at least one).
    public var tier: String?
    public var table: String?
    public var residencyClass: String?
    public var keep: Duration
    public var location: SourceLocation?

    public init(
        region: RegionName, tier: String? = nil, table: String? = nil, residencyClass: String? = nil,
        keep: Duration, location: SourceLocation? = nil
    ) {
        self.region = region
        self.tier = tier
        self.table = table
        self.residencyClass = residencyClass
        self.keep = keep
        self.location = location
    }
}

public struct IntegritySettings: Sendable, Equatable {
    public var interval: Duration
    /// How often retention and tombstone purges run (`integrity.retention_interval`); nil
    /// runs them with the integrity check, every `interval`.
    public var retentionInterval: Duration?

    public init(interval: Duration = .seconds(3600), retentionInterval: Duration? = nil) {
        self.interval = interval
        self.retentionInterval = retentionInterval
    }

    /// The purges' period: their own when configured, else the check's.
    public var retentionPeriod: Duration { retentionInterval ?? interval }
}

public struct ReplicationSettings: Sendable, Equatable {
    /// Remote versions further in the future than this are flagged (clock-skew guard).
    public var maxClockSkew: Duration
    /// Rows queued for one unreachable peer before the backlog alarm fires.
    public var backlogLimit: Int
    /// Tombstones are purged this long after every peer acknowledged them.
    public var tombstoneGrace: Duration

    public init(maxClockSkew: Duration = .milliseconds(500), backlogLimit: Int = 1_000_000, tombstoneGrace: Duration = .seconds(7 * 86_400)) {
        self.maxClockSkew = maxClockSkew
        self.backlogLimit = backlogLimit
        self.tombstoneGrace = tombstoneGrace
    }
}

public struct SecuritySettings: Sendable, Equatable {
    /// HMAC key shared by the cluster's agents.
    public var clusterKey: SecretReference?
    /// Accepted as well during key rotation.
    public var previousClusterKey: SecretReference?
    /// Requests signed further than this from the receiver's clock are refused.
    public var requestWindow: Duration
    public var maxBodyBytes: Int

    public init(clusterKey: SecretReference? = nil, previousClusterKey: SecretReference? = nil, requestWindow: Duration = .seconds(300), maxBodyBytes: Int = 16 << 20) {
        self.clusterKey = clusterKey
        self.previousClusterKey = previousClusterKey
        self.requestWindow = requestWindow
        self.maxBodyBytes = maxBodyBytes
    }
}
