import RegionCore

/// The simulated links between regions and whether each region is running: the single
/// place that decides if a message arrives, and when.
struct SimulatedNetwork {
    private let spec: NetworkSpec
    private var random: SimulationRandom
    private var downRegions: Set<RegionName> = []
    /// Active partitions by id; a link is cut while any of them separates its ends.
    private var partitions: [Int: [Set<RegionName>]] = [:]
    private var latencyMilliseconds: [RegionPair: Int64] = [:]
    private let jitterMilliseconds: Int64

    init(spec: NetworkSpec, regions: [RegionName], random: SimulationRandom) {
        self.spec = spec
        self.random = random
        jitterMilliseconds = spec.jitter.milliseconds
        for a in regions {
            for b in regions { latencyMilliseconds[RegionPair(a, b)] = spec.oneWayLatency(a, b).milliseconds }
        }
    }

    func isUp(_ region: RegionName) -> Bool { !downRegions.contains(region) }

    mutating func setDown(_ region: RegionName, _ down: Bool) {
        if down { downRegions.insert(region) } else { downRegions.remove(region) }
    }

    mutating func startPartition(id: Int, groups: [[RegionName]]) {
        partitions[id] = groups.map(Set.init)
    }

    mutating func endPartition(id: Int) { partitions[id] = nil }

    /// True while some partition puts `a` and `b` in different groups.
    func isCut(_ a: RegionName, _ b: RegionName) -> Bool {
        partitions.values.contains { groups in
            guard let ga = groups.firstIndex(where: { $0.contains(a) }),
                let gb = groups.firstIndex(where: { $0.contains(b) })
            else { return false }
            return ga != gb
        }
    }

    /// Both ends running and the link not cut: a message could get through.
    func canReach(_ from: RegionName, _ to: RegionName) -> Bool {
        isUp(from) && isUp(to) && (from == to || !isCut(from, to))
    }

    /// One-way delay for a message sent now, or nil when it does not arrive (an end is
    /// down, the link is cut, or the message is lost).
    mutating func delivery(from: RegionName, to: RegionName) -> Int64? {
        guard canReach(from, to) else { return nil }
        if from != to, random.chance(spec.loss) { return nil }
        return oneWay(from, to)
    }

    /// Sampled one-way latency with jitter, at least 1 ms.
    mutating func oneWay(_ from: RegionName, _ to: RegionName) -> Int64 {
        let base = latencyMilliseconds[RegionPair(from, to)] ?? spec.defaultLatency.milliseconds
        guard jitterMilliseconds > 0, from != to else { return max(1, base) }
        let offset = Int64(random.below(Int(2 * jitterMilliseconds + 1))) - jitterMilliseconds
        return max(1, base + offset)
    }
}
