import Testing
@testable import RegionCore

/// A random multi-region history: three regions with skewed clocks write and delete a few
/// shared keys, now and then receive some of each other's changes, and log every change
/// they make.
struct RandomHistory {
    static let regions: [RegionName] = ["seoul", "singapore", "tokyo"]

    /// Indexed like `regions`; arrays so each step mutates in place instead of copying.
    var replicas = Array(repeating: ReplicaState(), count: regions.count)
    var clocks = Array(repeating: HybridClock(maxSkew: .milliseconds(500)), count: regions.count)
    /// Every change any region made, in the order made.
    var sent: [VersionedRow] = []
    /// Violations of "a write after seeing a version orders after it", found while generating.
    var orderingViolations = 0

    init(seed: UInt64, steps: Int) {
        var random = SplitMix64(seed: seed)
        let skews = Self.regions.map { _ in Int64.random(in: -2_000...2_000, using: &random) }
        var time: Int64 = 1_000_000
        for _ in 0..<steps {
            time += Int64.random(in: 0...15, using: &random)
            let region = Int.random(in: 0..<Self.regions.count, using: &random)
            let physical = Timestamp(milliseconds: time + skews[region])
            let key = RowKey(String(Int.random(in: 0..<4, using: &random)))
            switch Int.random(in: 0..<10, using: &random) {
            case 0..<5: write(region, key: key, values: ["v": String(random.next() % 1_000)], at: physical)
            case 5..<7: write(region, key: key, values: nil, at: physical)
            default: receiveSome(region, at: physical, using: &random)
            }
        }
    }

    private mutating func write(_ region: Int, key: RowKey, values: RowValues?, at physical: Timestamp) {
        let origin = Self.regions[region]
        let previous = replicas[region].row(table: "t", key: key)?.version
        let now = clocks[region].now(physical: physical)
        let row = values.map { replicas[region].write(table: "t", key: key, values: $0, now: now, origin: origin) }
            ?? replicas[region].delete(table: "t", key: key, now: now, origin: origin)
        if let previous, row.version <= previous { orderingViolations += 1 }
        sent.append(row)
    }

    private mutating func receiveSome(_ region: Int, at physical: Timestamp, using random: inout SplitMix64) {
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            guard let row = sent.randomElement(using: &random) else { return }
            _ = clocks[region].observe(remote: row.version.hlc, physical: physical)
            replicas[region].apply(row)
        }
    }

    /// `sent` in a random order with random duplicates.
    func shuffledDeliveryWithDuplicates(using random: inout SplitMix64) -> [VersionedRow] {
        let duplicates = sent.filter { _ in Bool.random(using: &random) }
        return (sent + duplicates).shuffled(using: &random)
    }
}

@Suite struct LWWPropertyTests {
    static let histories = 3_000

    @Test func randomHistoriesDeliveredInAnyOrderWithDuplicatesConverge() {
        var failures: [UInt64] = []
        for seed in 0..<UInt64(Self.histories) {
            var random = SplitMix64(seed: seed ^ 0xC0FFEE)
            var history = RandomHistory(seed: seed, steps: Int.random(in: 5...60, using: &random))
            for region in history.replicas.indices {
                let delivery = history.shuffledDeliveryWithDuplicates(using: &random)
                history.replicas[region].apply(batch: delivery)
            }
            let expected = Self.foldWinners(history.sent)
            if history.replicas.contains(where: { $0.rows != expected }) || history.orderingViolations > 0 { failures.append(seed) }
        }
        #expect(failures.isEmpty, "diverging seeds: \(failures.prefix(10))")
    }

    @Test func applyingEverythingTwiceChangesNothing() {
        for seed in 0..<UInt64(1_000) {
            var random = SplitMix64(seed: seed ^ 0xBEEF)
            let history = RandomHistory(seed: seed, steps: 40)
            var once = ReplicaState()
            once.apply(batch: history.sent.shuffled(using: &random))
            var twice = once
            let again = twice.apply(batch: history.sent.shuffled(using: &random))
            #expect(twice == once, "seed \(seed)")
            #expect(again.applied == 0, "seed \(seed)")
            if twice != once { return }
        }
    }

    @Test func mergeIsCommutativeAssociativeAndIdempotent() {
        var random = SplitMix64(seed: 7)
        let origins: [RegionName] = ["seoul", "singapore", "tokyo"]
        func randomRow() -> VersionedRow {
            let version = Version(
                hlc: HLC(physicalMilliseconds: Int64.random(in: 0...3, using: &random), logical: UInt16.random(in: 0...1, using: &random)),
                origin: origins.randomElement(using: &random) ?? "seoul")
            let values: RowValues? = Bool.random(using: &random) ? nil : ["v": String(Int.random(in: 0...2, using: &random))]
            return VersionedRow(table: "t", key: RowKey("k"), version: version, values: values)
        }
        for _ in 0..<5_000 {
            let (a, b, c) = (randomRow(), randomRow(), randomRow())
            #expect(LWWMerge.merge(a, b) == LWWMerge.merge(b, a))
            #expect(LWWMerge.merge(LWWMerge.merge(a, b), c) == LWWMerge.merge(a, LWWMerge.merge(b, c)))
            #expect(LWWMerge.merge(a, a) == a)
        }
    }

    @Test func theGeneratorIsReproducible() {
        var first = SplitMix64(seed: 99)
        var second = SplitMix64(seed: 99)
        #expect((0..<8).map { _ in first.next() } == (0..<8).map { _ in second.next() })
        #expect(RandomHistory(seed: 5, steps: 30).sent == RandomHistory(seed: 5, steps: 30).sent)
    }

    /// The reference result: per row, the greatest copy under LWW, computed without ReplicaState.
    static func foldWinners(_ rows: [VersionedRow]) -> [RowIdentity: VersionedRow] {
        rows.reduce(into: [:]) { winners, row in
            winners[row.identity] = winners[row.identity].map { LWWMerge.merge($0, row) } ?? row
        }
    }
}
