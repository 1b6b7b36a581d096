/// What DNS should answer, per geo, as computed by the failover planner.
///
/// Every agent computes the same value from the same agreed view, so applying it is
/// idempotent whichever agent writes it.
public struct DesiredDNSState: Sendable, Equatable {
    /// In the geo order of regions.yaml; the default geo included.
    public var geos: [GeoAnswer]

    public init(geos: [GeoAnswer]) { self.geos = geos }

    public func answer(forGeo name: String) -> GeoAnswer? { geos.first { $0.geo == name } }
}

/// The regions that serve one geo, best first. The first element is the answer served;
/// with weights, traffic is shared among the entries that carry a non-zero weight.
public struct GeoAnswer: Sendable, Equatable {
    public var geo: String
    public var regions: [WeightedRegion]

    public init(geo: String, regions: [WeightedRegion]) {
        self.geo = geo
        self.regions = regions
    }

    public var served: RegionName? { regions.first?.region }
}

public struct WeightedRegion: Sendable, Equatable {
    public var region: RegionName
    /// Share of the geo's traffic; 0 means "fallback only".
    public var weight: Int

    public init(region: RegionName, weight: Int) {
        self.region = region
        self.weight = weight
    }
}
