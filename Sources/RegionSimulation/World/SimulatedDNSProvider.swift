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
struct ResolverGroup {
    let geo: String
    /// The answer each resolver holds; the regions its users are sent to.
    private(set) var cached: [[WeightedRegion]]

    init(geo: String, count: Int, initial: [WeightedRegion]) {
        self.geo = geo
        cached = Array(repeating: initial, count: count)
    }

    mutating func refresh(resolver index: Int, from provider: SimulatedDNSProvider) {
        if let answer = provider.served?.answer(forGeo: geo) { cached[index] = answer.regions }
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

    /// Where one user query through resolver `index` lands, drawing among weighted entries.
    func route(resolver index: Int, random: inout SimulationRandom) -> RegionName? {
        let answer = cached[index]
        let receivers = ResolverGroup.receivingTraffic(answer)
        guard receivers.count > 1 else { return receivers.first }
        let weights = answer.filter { $0.weight > 0 }
        let total = weights.reduce(0) { $0 + $1.weight }
        var pick = random.below(total)
        for entry in weights {
            if pick < entry.weight { return entry.region }
            pick -= entry.weight
        }
        return weights.last?.region
    }
}
