/// How far behind each recovering region's database is, per tier, as last reported.
///
/// Failback is gated on it: a region that was out of the view returns to DNS only once its
/// lag on every tier is under that tier's `maxLag`, so users sent back there see their data.
public struct ReplicationCatchUp: Sendable, Equatable {
    private var lagByRegion: [RegionName: [String: Duration]] = [:]

    public init() {}

    public func lag(of region: RegionName) -> [String: Duration]? { lagByRegion[region] }

    /// Replaces the region's reported lag (tiers not mentioned keep their previous value).
    public mutating func report(region: RegionName, lagByTier: [String: Duration]) {
        lagByRegion[region, default: [:]].merge(lagByTier) { _, new in new }
    }

    /// Drops what was reported before an outage: only lag measured after it may allow failback.
    public mutating func forget(region: RegionName) {
        lagByRegion[region] = nil
    }

    /// Whether every tier has a reported lag strictly under its objective; a tier never
    /// reported counts as not caught up (fail closed).
    public func isCaughtUp(_ region: RegionName, tiers: [TierConfig]) -> Bool {
        guard let lag = lagByRegion[region] else { return tiers.isEmpty }
        return tiers.allSatisfy { tier in lag[tier.name].map { $0 < tier.maxLag } ?? false }
    }
}
