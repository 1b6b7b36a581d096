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

    /// One region's latest measurement per tier.
    private struct RegionMeasurements: Sendable {
        var region: RegionName
        var tiers: [String]
        var measurements: [Measurement]

        func measurement(ofTier tier: String) -> Measurement? { tiers.firstIndex(of: tier).map { measurements[$0] } }
    }

    /// Few regions and tiers, updated after every lag report and gossip message: small
    /// arrays searched by name cost less than hashing every name on every update.
    private var byRegion: [RegionMeasurements] = []

    public init() {}

    public func measurements(of region: RegionName) -> [String: Measurement] {
        guard let held = byRegion.first(where: { $0.region == region }) else { return [:] }
        return Dictionary(uniqueKeysWithValues: zip(held.tiers, held.measurements))
    }

    /// Records the region's lag per tier name; tiers not mentioned keep their previous value.
    /// A measurement older than the one held for a tier is ignored (reordered messages).
    public mutating func report(region: RegionName, lagByTier: [String: Duration], measuredAt: Timestamp) {
        guard !lagByTier.isEmpty else { return }
        let index = byRegion.firstIndex { $0.region == region } ?? {
            byRegion.append(RegionMeasurements(region: region, tiers: [], measurements: []))
            return byRegion.count - 1
        }()
        for (tier, lag) in lagByTier {
            let measurement = Measurement(lag: lag, measuredAt: measuredAt)
            if let held = byRegion[index].tiers.firstIndex(of: tier) {
                if byRegion[index].measurements[held].measuredAt <= measuredAt { byRegion[index].measurements[held] = measurement }
            } else {
                byRegion[index].tiers.append(tier)
                byRegion[index].measurements.append(measurement)
            }
        }
    }

    /// Whether every tier has a lag measured at or after `since` and strictly under the tier's
    /// objective; a tier with no such measurement counts as not caught up (fail closed).
    public func isCaughtUp(_ region: RegionName, tiers: [TierConfig], since: Timestamp) -> Bool {
        let held = byRegion.first { $0.region == region }
        return tiers.allSatisfy { tier in
            guard let measurement = held?.measurement(ofTier: tier.name), measurement.measuredAt >= since else { return false }
            return measurement.lag < tier.maxLag
        }
    }

    /// Equal when they hold the same measurements, whatever order regions and tiers were
    /// first reported in.
    public static func == (lhs: ReplicationCatchUp, rhs: ReplicationCatchUp) -> Bool {
        let regions = Set(lhs.byRegion.map(\.region))
        return regions == Set(rhs.byRegion.map(\.region)) && regions.allSatisfy { lhs.measurements(of: $0) == rhs.measurements(of: $0) }
    }
}
