import RegionCore

/// The simulated links between regions and whether each region is running: the single
/// place that decides if a message arrives, and when.
///
/// Regions are held by index (config order) so the data plane's per-batch questions cost
/// array reads; the name-based entry points serve the agents, which speak region names.
struct SimulatedNetwork {
    private let spec: NetworkSpec
    private var random: SimulationRandom
    private let indexOf: [RegionName: Int]
    private var down: [Bool]
    /// Active partitions by id: each region's group number (nil when the partition leaves
    /// it out); a link is cut while any partition puts its ends in different groups.
    private var partitions: [Int: [Int?]] = [:]
    /// `[from][to]`: base one-way latency.
    private let latencyMilliseconds: [[Int64]]
    private let jitterMilliseconds: Int64

    init(spec: NetworkSpec, regions: [RegionName], random: SimulationRandom) {
        self.spec = spec
        self.random = random
        indexOf = Dictionary(uniqueKeysWithValues: regions.enumerated().map { ($1, $0) })
        down = Array(repeating: false, count: regions.count)
        jitterMilliseconds = spec.jitter.milliseconds
        latencyMilliseconds = regions.map { a in regions.map { b in spec.oneWayLatency(a, b).milliseconds } }
    }

    func isUp(_ region: RegionName) -> Bool { indexOf[region].map(isUp) ?? true }

    func isUp(_ region: Int) -> Bool { !down[region] }

    mutating func setDown(_ region: RegionName, _ isDown: Bool) {
        if let index = indexOf[region] { down[index] = isDown }
    }

    mutating func startPartition(id: Int, groups: [[RegionName]]) {
        var groupOf = [Int?](repeating: nil, count: down.count)
        for (group, members) in groups.enumerated() {
            for member in members { if let index = indexOf[member] { groupOf[index] = group } }
        }
        partitions[id] = groupOf
    }

    mutating func endPartition(id: Int) { partitions[id] = nil }

    /// True while some partition puts `a` and `b` in different groups.
    func isCut(_ a: Int, _ b: Int) -> Bool {
        partitions.values.contains { groupOf in
            guard let ga = groupOf[a], let gb = groupOf[b] else { return false }
            return ga != gb
        }
    }

    /// Both ends running and the link not cut: a message could get through.
    func canReach(_ from: Int, _ to: Int) -> Bool {
        isUp(from) && isUp(to) && (from == to || partitions.isEmpty || !isCut(from, to))
    }

    func canReach(_ from: RegionName, _ to: RegionName) -> Bool {
        guard let a = indexOf[from], let b = indexOf[to] else { return isUp(from) && isUp(to) }
        return canReach(a, b)
    }

    /// One-way delay for a message sent now, or nil when it does not arrive (an end is
    /// down, the link is cut, or the message is lost).
    mutating func delivery(from: Int, to: Int) -> Int64? {
        guard canReach(from, to) else { return nil }
        if from != to, random.chance(spec.loss) { return nil }
        return jittered(latencyMilliseconds[from][to], sameRegion: from == to)
    }

    mutating func delivery(from: RegionName, to: RegionName) -> Int64? {
        guard let a = indexOf[from], let b = indexOf[to] else {
            guard isUp(from), isUp(to) else { return nil }
            if from != to, random.chance(spec.loss) { return nil }
            return jittered(spec.oneWayLatency(from, to).milliseconds, sameRegion: from == to)
        }
        return delivery(from: a, to: b)
    }

    /// Sampled one-way latency with jitter, at least 1 ms.
    private mutating func jittered(_ base: Int64, sameRegion: Bool) -> Int64 {
        guard jitterMilliseconds > 0, !sameRegion else { return max(1, base) }
        let offset = Int64(random.below(Int(2 * jitterMilliseconds + 1))) - jitterMilliseconds
        return max(1, base + offset)
    }
}
