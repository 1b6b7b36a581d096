import RegionCore

/// What one geo's users resolve during one period: the regions the served DNS answer sends
/// them to, and when the last of the geo's resolvers had picked that answer up (until then
/// some users still follow the previous answer from their cache).
public struct GeoResolutionSpan: Sendable, Equatable {
    public var geo: String
    /// Regions receiving the geo's users, in answer order; empty when DNS serves none.
    public var regions: [String]
    public var startMilliseconds: Int64
    public var endMilliseconds: Int64
    /// When every resolver of the geo held this answer; nil if they never all did.
    public var settledMilliseconds: Int64?
}

/// Follows each geo's served answer and its resolvers, producing `GeoResolutionSpan`s.
struct GeoResolutionLog {
    private struct Open {
        var regions: [String]
        var start: Int64
        var settled: Int64?
    }

    private var open: [String: Open] = [:]
    private let geos: [String]
    private(set) var spans: [GeoResolutionSpan] = []

    init(geos: [String], initial: DesiredDNSState?) {
        self.geos = geos
        for geo in geos {
            open[geo] = Open(regions: Self.receivers(initial, geo), start: 0, settled: 0)
        }
    }

    /// The provider started serving `state`: geos whose receivers changed start a new span.
    mutating func served(_ state: DesiredDNSState, at now: Int64) {
        for geo in geos {
            let regions = Self.receivers(state, geo)
            guard let current = open[geo], current.regions != regions else { continue }
            close(geo, current, at: now)
            open[geo] = Open(regions: regions, start: now, settled: nil)
        }
    }

    /// A resolver refreshed: a geo whose resolvers all send users where DNS says is settled.
    mutating func resolversRefreshed(_ groups: [ResolverGroup], at now: Int64) {
        for group in groups {
            guard var current = open[group.geo], current.settled == nil else { continue }
            if group.cached.allSatisfy({ ResolverGroup.receivingTraffic($0).map(\.rawValue) == current.regions }) {
                current.settled = now
                open[group.geo] = current
            }
        }
    }

    /// Closes every open span at the end of the run.
    mutating func close(at end: Int64) {
        for geo in geos {
            if let current = open.removeValue(forKey: geo) { close(geo, current, at: end) }
        }
    }

    private mutating func close(_ geo: String, _ span: Open, at end: Int64) {
        spans.append(GeoResolutionSpan(
            geo: geo, regions: span.regions, startMilliseconds: span.start, endMilliseconds: end, settledMilliseconds: span.settled))
    }

    private static func receivers(_ state: DesiredDNSState?, _ geo: String) -> [String] {
        ResolverGroup.receivingTraffic(state?.answer(forGeo: geo)?.regions ?? []).map(\.rawValue)
    }
}
