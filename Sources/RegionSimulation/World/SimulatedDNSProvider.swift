import RegionCore

/// The authoritative DNS provider: accepts a desired state unless it is in an outage,
/// and serves it after the propagation delay. Later accepted states replace earlier ones.
struct SimulatedDNSProvider {
    let applyDelayMilliseconds: Int64
    private var outageUntil: Int64 = .min
    /// What resolvers get when they query now.
    private(set) var served: DesiredDNSState?
    private(set) var changes = 0

    init(applyDelay: Duration, initial: DesiredDNSState?) {
        applyDelayMilliseconds = applyDelay.milliseconds
        served = initial
    }

    mutating func startOutage(until end: Int64) { outageUntil = max(outageUntil, end) }

    func isInOutage(at now: Int64) -> Bool { now < outageUntil }

    /// Makes `state` the served answer (at the end of propagation); returns whether it
    /// changed anything, which is what counts as a DNS change.
    mutating func publish(_ state: DesiredDNSState) -> Bool {
        guard state != served else { return false }
        served = state
        changes += 1
        return true
    }
}

/// A population of recursive resolvers for one geo. Each refreshes its cached answer
/// when its TTL runs out (users keep asking), at its own phase, so after a change the
/// last of them is stale for up to a full TTL.
///
/// The last resolver of the group is the worst case that random phases only approach: it
/// refreshed just before every change the provider serves, so it keeps the previous answer
/// for the full TTL after the provider applied the change (see `cacheJustBeforeChange`).
struct ResolverGroup {
    /// Where the users of one cached answer go, by region index: one entry, or the weighted
    /// entries when the answer shares traffic. Worked out once per refresh, not per query.
    private struct Receivers {
        var regions: [Int]
        var weights: [Int]
        var totalWeight: Int
    }

    let geo: String
    /// The answer each resolver holds; the regions its users are sent to.
    private(set) var cached: [[WeightedRegion]]
    private var receivers: [Receivers]
    private let indexOf: [RegionName: Int]

    init(geo: String, count: Int, initial: [WeightedRegion], indexOf: [RegionName: Int]) {
        self.geo = geo
        self.indexOf = indexOf
        cached = Array(repeating: initial, count: count)
        receivers = Array(repeating: Self.receivers(of: initial, indexOf: indexOf), count: count)
    }

    /// Index of the resolver that always refreshed just before a change.
    var worstCaseResolver: Int { cached.count - 1 }

    /// The provider is about to serve a change: the worst-case resolver asked it a moment
    /// before, so it holds the answer served until now for a full TTL.
    mutating func cacheJustBeforeChange(servedUntilNow provider: SimulatedDNSProvider) {
        let answer = provider.served?.answer(forGeo: geo)?.regions ?? []
        cached[worstCaseResolver] = answer
        receivers[worstCaseResolver] = Self.receivers(of: answer, indexOf: indexOf)
    }

    /// The resolver caches what the provider serves now; true when its answer changed.
    @discardableResult
    mutating func refresh(resolver index: Int, from provider: SimulatedDNSProvider) -> Bool {
        guard let answer = provider.served?.answer(forGeo: geo), answer.regions != cached[index] else { return false }
        cached[index] = answer.regions
        receivers[index] = Self.receivers(of: answer.regions, indexOf: indexOf)
        return true
    }

    /// True while some resolver still sends users to `region`.
    func anyServes(_ region: RegionName) -> Bool {
        cached.contains { ResolverGroup.receivingTraffic($0).contains(region) }
    }

    /// Regions that get users from an answer: the weighted entries when the answer shares
    /// traffic, otherwise the first.
    static func receivingTraffic(_ answer: [WeightedRegion]) -> [RegionName] {
        let weighted = answer.filter { $0.weight > 0 }
        if weighted.count > 1 { return weighted.map(\.region) }
        return answer.first.map { [$0.region] } ?? []
    }

    /// Per region index, the share of this geo's user queries that land there: the
    /// resolvers are asked equally often and a weighted answer shares by weight. Queries
    /// through a resolver without an answer land nowhere (their shares are missing).
    func routeShares(regions: Int) -> [Double] {
        var shares = [Double](repeating: 0, count: regions)
        let perResolver = 1 / Double(max(1, receivers.count))
        for entry in receivers {
            for (region, weight) in zip(entry.regions, entry.weights) {
                shares[region] += perResolver * Double(weight) / Double(max(1, entry.totalWeight))
            }
        }
        return shares
    }

    private static func receivers(of answer: [WeightedRegion], indexOf: [RegionName: Int]) -> Receivers {
        let weighted = answer.filter { $0.weight > 0 && indexOf[$0.region] != nil }
        if weighted.count > 1 {
            return Receivers(
                regions: weighted.compactMap { indexOf[$0.region] }, weights: weighted.map(\.weight),
                totalWeight: weighted.reduce(0) { $0 + $1.weight })
        }
        let first = answer.first.flatMap { indexOf[$0.region] }
        return Receivers(regions: first.map { [$0] } ?? [], weights: first.map { _ in [1] } ?? [], totalWeight: 1)
    }
}
