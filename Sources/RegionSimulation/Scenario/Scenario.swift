import RegionCore

/// One rehearsal, as read from a `simulations/*.yaml` file: the deployment under test,
/// the simulated world around it, the faults to inject and what must hold afterwards.
public struct Scenario: Sendable {
    public var name: String
    public var seed: UInt64
    public var duration: Duration
    /// The deployment, with the scenario's `overrides:` already applied.
    public var config: RegionsConfig
    public var network: NetworkSpec
    public var dns: DNSSpec
    public var load: LoadSpec
    /// In file order; the engine orders them by time (stable for equal times).
    public var events: [ScenarioEvent]
    public var expectations: [Expectation]

    public init(
        name: String, seed: UInt64, duration: Duration, config: RegionsConfig, network: NetworkSpec = .init(),
        dns: DNSSpec = .init(), load: LoadSpec = .init(), events: [ScenarioEvent] = [], expectations: [Expectation] = []
    ) {
        self.name = name
        self.seed = seed
        self.duration = duration
        self.config = config
        self.network = network
        self.dns = dns
        self.load = load
        self.events = events
        self.expectations = expectations
    }

    /// The same scenario under another seed (Monte-Carlo runs).
    public func withSeed(_ seed: UInt64) -> Scenario {
        var copy = self
        copy.seed = seed
        return copy
    }
}

/// An unordered pair of regions: network links are symmetric.
public struct RegionPair: Hashable, Sendable {
    public let first: RegionName
    public let second: RegionName

    public init(_ a: RegionName, _ b: RegionName) {
        (first, second) = a <= b ? (a, b) : (b, a)
    }
}

/// The links between regions.
public struct NetworkSpec: Sendable {
    /// One-way latency of listed pairs.
    public var latency: [RegionPair: Duration]
    /// One-way latency of pairs not listed.
    public var defaultLatency: Duration
    /// Each message's latency varies uniformly by up to ± this much.
    public var jitter: Duration
    /// Probability that one message (probe, gossip, batch) is lost.
    public var loss: Double

    public init(latency: [RegionPair: Duration] = [:], defaultLatency: Duration = .milliseconds(60), jitter: Duration = .zero, loss: Double = 0) {
        self.latency = latency
        self.defaultLatency = defaultLatency
        self.jitter = jitter
        self.loss = loss
    }

    public func oneWayLatency(_ a: RegionName, _ b: RegionName) -> Duration {
        a == b ? .milliseconds(1) : latency[RegionPair(a, b)] ?? defaultLatency
    }
}

/// The DNS provider; resolvers honour the record TTL from the config.
public struct DNSSpec: Sendable {
    /// Time from an accepted change to the provider serving it.
    public var applyDelay: Duration

    public init(applyDelay: Duration = .seconds(5)) { self.applyDelay = applyDelay }
}

/// The write load the application puts on each region's database.
public struct LoadSpec: Sendable {
    /// Writes per second made by the users homed in each region.
    public var writesPerSecond: [RegionName: Double]
    /// Share of writes that target a key recently written in another region.
    public var conflictRate: Double
    /// Residency class mix of the written rows, in file order; shares sum to 1.
    public var classes: [(name: String, share: Double)]
    /// Tier mix of the written rows; empty means an equal share per tier.
    public var tiers: [(name: String, share: Double)]
    /// Distinct keys each region's users write (bounds the simulated stores).
    public var keysPerRegion: Int

    public init(
        writesPerSecond: [RegionName: Double] = [:], conflictRate: Double = 0, classes: [(name: String, share: Double)] = [],
        tiers: [(name: String, share: Double)] = [], keysPerRegion: Int = 50_000
    ) {
        self.writesPerSecond = writesPerSecond
        self.conflictRate = conflictRate
        self.classes = classes
        self.tiers = tiers
        self.keysPerRegion = keysPerRegion
    }

    public var totalWritesPerSecond: Double { writesPerSecond.values.reduce(0, +) }
}

/// A fault or operator action at a point of the scenario.
public struct ScenarioEvent: Sendable {
    public var at: Duration
    public var kind: Kind

    public init(at: Duration, kind: Kind) {
        self.at = at
        self.kind = kind
    }

    public enum Kind: Sendable {
        /// The whole region (application, database, agent) stops; its disk survives.
        case regionDown(RegionName)
        case regionUp(RegionName)
        /// Links between the groups are cut; regions not named keep all their links.
        /// Without `for`, the partition lasts to the end.
        case partition(groups: [[RegionName]], lasting: Duration?)
        /// The provider accepts no change for this long.
        case dnsOutage(Duration)
        /// The region's clock runs `offset` ahead (negative: behind) from now on.
        case clockSkew(region: RegionName, offset: Duration)
        case drain(RegionName)
        case undrain(RegionName)
        /// The region goes down for `down`, up for `up`, repeatedly, for `lasting`.
        case flap(region: RegionName, down: Duration, up: Duration, lasting: Duration)
    }
}

/// Something the scenario requires of the run.
public struct Expectation: Sendable {
    public var name: String
    public var requirement: Requirement

    public init(name: String, requirement: Requirement) {
        self.name = name
        self.requirement = requirement
    }

    public enum Requirement: Sendable {
        /// A metric in seconds or a count, with optional bounds.
        case bound(metric: MetricName, min: Double?, max: Double?)
        /// Exactly these regions were taken out of DNS at some point.
        case failedOverExactly(Set<RegionName>)
        /// None of these regions was taken out of DNS.
        case neverFailedOver(Set<RegionName>)
        case converged(Bool)
        /// The 99th percentile of one tier's replication lag.
        case tierLag(tier: String, max: Double)
    }
}

/// The numeric metrics an expectation can bound.
public enum MetricName: String, Sendable, CaseIterable {
    case detectionSeconds = "detection_s"
    case rerouteSeconds = "reroute_s"
    case dnsChanges = "dns_changes"
    case residencyViolations = "residency_violations"
    case lostWrites = "lost_writes"
    case failbackLagSeconds = "failback_lag_s"
    case conflicts = "conflicts"
    case writesAtRiskMax = "writes_at_risk_max"
}
