/// How far behind each region's database is, per tier, and when that was measured.
///
/// Failback is gated on it: a region that was out of the view returns to DNS only once its
/// lag on every tier, measured after it left the view, is under that tier's `maxLag`, so
/// users sent back there see their data. A measurement older than the outage says nothing
/// about what the region missed during it.
public struct ReplicationCatchUp: Sendable, Equatable {
    public struct Measurement: Sendable, Equatable {
        public var lag: Duration
        public var measuredAt: Timestamp
    }

    private var byRegion: [RegionName: [String: Measurement]] = [:]

    public init() {}

    public func measurements(of region: RegionName) -> [String: Measurement] { byRegion[region] ?? [:] }

    /// Records the region's lag per tier name; tiers not mentioned keep their previous value.
    /// A measurement older than the one held for a tier is ignored (reordered messages).
    public mutating func report(region: RegionName, lagByTier: [String: Duration], measuredAt: Timestamp) {
        guard !lagByTier.isEmpty else { return }
        Self.merge(lagByTier, measuredAt: measuredAt, into: &byRegion[region, default: [:]])
    }

    /// Updates one region's measurements in place (the agent reports every second).
    private static func merge(_ lagByTier: [String: Duration], measuredAt: Timestamp, into held: inout [String: Measurement]) {
        for (tier, lag) in lagByTier {
            let measurement = Measurement(lag: lag, measuredAt: measuredAt)
            keepNewer(&held[tier, default: measurement], measurement)
        }
    }

    private static func keepNewer(_ held: inout Measurement, _ measurement: Measurement) {
        if held.measuredAt <= measurement.measuredAt { held = measurement }
    }

    /// Whether every tier has a lag measured at or after `since` and strictly under the tier's
    /// objective; a tier with no such measurement counts as not caught up (fail closed).
    public func isCaughtUp(_ region: RegionName, tiers: [TierConfig], since: Timestamp) -> Bool {
        let measurements = byRegion[region] ?? [:]
        return tiers.allSatisfy { tier in
            guard let measurement = measurements[tier.name], measurement.measuredAt >= since else { return false }
            return measurement.lag < tier.maxLag
        }
    }
}
