/// One line of the story a run tells: a fault, a detection, a DNS change, a reroute.
public struct TimelineEntry: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// A scenario event was injected (region down, partition, skew, drain...).
        case fault
        /// One agent's own probes changed its belief about a region.
        case detection
        /// The quorum declared a region down or let it rejoin.
        case view
        /// The DNS provider started serving a new answer.
        case dns
        /// The last resolver of a geo stopped sending users to a failed region.
        case reroute
        /// A recovered region received users again.
        case failback
        case alarm
        /// Replication, load and end-of-run facts.
        case note
    }

    /// Milliseconds since the start of the scenario.
    public var atMilliseconds: Int64
    public var kind: Kind
    /// The region the entry is about, when there is one.
    public var region: String?
    public var text: String

    public init(atMilliseconds: Int64, kind: Kind, region: String?, text: String) {
        self.atMilliseconds = atMilliseconds
        self.kind = kind
        self.region = region
        self.text = text
    }
}

/// One region's loss of service, from the first fault to its end, and how the system reacted.
public struct OutageRecord: Sendable, Equatable {
    public var region: String
    public var cause: String
    public var startMilliseconds: Int64
    public var endMilliseconds: Int64?
    /// False when DNS had already taken the region out when this outage began (a flap
    /// during damping): there is nobody left to reroute.
    public var wasInDNS = true
    /// When the quorum first declared the region down during this outage.
    public var declaredMilliseconds: Int64?
    /// When the last resolver stopped sending users to the region.
    public var reroutedMilliseconds: Int64?

    public var detectionSeconds: Double? { declaredMilliseconds.map { Double($0 - startMilliseconds) / 1000 } }
    public var rerouteSeconds: Double? { reroutedMilliseconds.map { Double($0 - startMilliseconds) / 1000 } }
}
