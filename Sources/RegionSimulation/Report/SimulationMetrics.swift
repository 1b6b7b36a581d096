/// The numbers a run produces; the JSON `metrics` object has exactly these keys.
public struct SimulationMetrics: Sendable, Equatable {
    /// Outage start to the region declared down, worst over detected outages (nil: none).
    public var detectionSeconds: Double?
    /// Outage start to the last affected resolver's cached answer expiring, worst over outages.
    public var rerouteSeconds: Double?
    /// Regions taken out of DNS (not by a drain) at some point, in config order.
    public var failedOver: [String]
    /// Changes of the answer the DNS provider served.
    public var dnsChanges: Int
    /// Rows found in a region their residency class forbids.
    public var residencyViolations: Int
    /// Acknowledged writes that no running region holds at the end (their newest version
    /// survives only in a region still down, or nowhere).
    public var lostWrites: Int
    /// Every running region holds the same version of every row both may hold.
    public var converged: Bool
    /// The recovered region's catch-up lag on its strictest tier when users were sent back,
    /// worst over failbacks (nil: no failback).
    public var failbackLagSeconds: Double?
    /// Writes made without having seen a newer version written elsewhere (LWW resolved them).
    public var conflicts: Int
    /// 99th percentile replication lag per tier, between regions that stayed connected.
    public var lagP99Seconds: [String: Double]
    /// Rows written in a region and held by no other region when it failed (the RPO), worst over failures.
    public var writesAtRiskMax: Int

    public func value(of metric: MetricName) -> Double? {
        switch metric {
        case .detectionSeconds: detectionSeconds
        case .rerouteSeconds: rerouteSeconds
        case .dnsChanges: Double(dnsChanges)
        case .residencyViolations: Double(residencyViolations)
        case .lostWrites: Double(lostWrites)
        case .failbackLagSeconds: failbackLagSeconds
        case .conflicts: Double(conflicts)
        case .writesAtRiskMax: Double(writesAtRiskMax)
        }
    }
}

/// The verdict on one expectation.
public struct ExpectationOutcome: Sendable, Equatable {
    public var name: String
    public var ok: Bool
    /// The measured value, as text (`17.2`, `[seoul]`, `true`, `none`).
    public var value: String
    /// What was required, as text (`<= 30`, `[seoul]`, `true`).
    public var limit: String
}

/// Everything one run produced.
public struct SimulationResult: Sendable {
    public var scenario: String
    public var seed: UInt64
    public var durationMilliseconds: Int64
    public var regions: [String]
    public var tiers: [String]
    /// Each tier's lag objective in seconds, drawn as a reference line.
    public var tierObjectives: [String: Double]
    public var metrics: SimulationMetrics
    public var expectations: [ExpectationOutcome]
    public var timeline: [TimelineEntry]
    public var outages: [OutageRecord]
    /// Replication lag per tier over time, for the report's chart.
    public var lagSeries: [String: [LagSample]]
    /// Spans during which a region was drained or its links were cut, for the chart.
    public var spans: [RegionSpan]
    /// What each geo's users resolved over time, for the chart's DNS lanes.
    public var geoResolution: [GeoResolutionSpan]
    public var totalWrites: Int

    public var passed: Bool { expectations.allSatisfy(\.ok) }
}

/// The average replication lag of the rows delivered in one time window.
public struct LagSample: Sendable, Equatable {
    public var atMilliseconds: Int64
    public var seconds: Double
}

/// A period in a region's lane of the timeline picture.
public struct RegionSpan: Sendable, Equatable {
    public enum Kind: String, Sendable { case down, partitioned, drained, outOfDNS }
    public var region: String
    public var kind: Kind
    public var startMilliseconds: Int64
    public var endMilliseconds: Int64
}
