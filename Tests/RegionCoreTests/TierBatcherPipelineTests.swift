import Testing
@testable import RegionCore

/// Four regions replicating through the real core (routing, batching, screening, LWW apply,
/// repair) over a lossy, reordering, duplicating network driven by a seeded generator.
struct ReplicationWorld {
    typealias F = ResidencyFixture
    static let regions = F.allRegions
    /// Who writes, and which countries each writer's users have (frankfurt is a witness:
    /// it receives, it writes nothing).
    static let writers: [(region: Int, countries: [String])] = [(0, ["KR", "SG", "JP"]), (1, ["SG", "JP"]), (2, ["JP", "SG"])]
    static let tables = ["users", "orders"]

    struct InFlight {
        var from: Int
        var batch: OutboundBatch
    }

    var replicas = Array(repeating: ReplicaState(), count: regions.count)
    var clocks = Array(repeating: HybridClock(maxSkew: .milliseconds(500)), count: regions.count)
    var outboxes = regions.map { ReplicationOutbox(config: F.config, origin: $0) }
    var sequences = Array(repeating: Int64(0), count: regions.count)
    var network: [InFlight] = []
    var written: [VersionedRow] = []
    var rejections = 0
    var time: Int64 = 1_000_000
    let skews: [Int64]
    var random: SplitMix64

    init(seed: UInt64) {
        random = SplitMix64(seed: seed)
        var skewRandom = SplitMix64(seed: ~seed)
        skews = Self.regions.map { _ in Int64.random(in: -1_500...1_500, using: &skewRandom) }
    }

    func physical(_ region: Int) -> Timestamp { Timestamp(milliseconds: time + skews[region]) }

    mutating func run(steps: Int) {
        for _ in 0..<steps {
            time += Int64.random(in: 0...300, using: &random)
            switch Int.random(in: 0..<10, using: &random) {
            case 0..<4: write()
            case 4..<8: deliverOne()
            case 8: failOne()
            default: tick(Int.random(in: 0..<Self.regions.count, using: &random))
            }
        }
    }

    /// Runs the network dry: every window elapses, every batch is eventually acknowledged.
    mutating func drain() {
        for _ in 0..<200 {
            time += 600_000
            for region in Self.regions.indices { tick(region) }
            while !network.isEmpty { deliverOne() }
            if Self.regions.indices.allSatisfy({ outboxes[$0].nextDeadline == nil }) { return }
        }
    }

    private mutating func write() {
        let writer = Self.writers[Int.random(in: 0..<Self.writers.count, using: &random)]
        let region = writer.region
        let table = Self.tables[Int.random(in: 0..<Self.tables.count, using: &random)]
        let key = RowKey("k\(Int.random(in: 0..<4, using: &random))")
        let held = replicas[region].row(table: table, key: key)
        let origin = Self.regions[region]
        let now = clocks[region].now(physical: physical(region))
        let change: RowChange
        if let old = held?.values, Int.random(in: 0..<3, using: &random) == 0 {
            let row = replicas[region].delete(table: table, key: key, now: now, origin: origin)
            change = .delete(table: table, key: key, version: row.version, old: old)
            written.append(row)
        } else {
            let country = writer.countries[Int.random(in: 0..<writer.countries.count, using: &random)]
            let values: RowValues = ["id": key.values[0], "country": country, "n": String(random.next() % 100)]
            let row = replicas[region].write(table: table, key: key, values: values, now: now, origin: origin)
            change = held?.values.map { .update(table: table, key: key, version: row.version, old: $0, new: values) }
                ?? .insert(table: table, key: key, version: row.version, values: values)
            written.append(row)
        }
        capture(change, at: region)
    }

    private mutating func capture(_ change: RowChange, at region: Int) {
        sequences[region] += 1
        perform(outboxes[region].capture(change, sequence: sequences[region], capturedAt: physical(region)), from: region)
    }

    private mutating func tick(_ region: Int) {
        perform(outboxes[region].tick(now: physical(region)), from: region)
    }

    private mutating func perform(_ actions: [OutboxAction], from region: Int) {
        for case .send(let batch) in actions { network.append(InFlight(from: region, batch: batch)) }
    }

    private mutating func deliverOne() {
        guard !network.isEmpty else { return }
        let index = Int.random(in: 0..<network.count, using: &random)
        let message = Int.random(in: 0..<4, using: &random) == 0 ? network[index] : network.remove(at: index)
        guard let receiver = Self.regions.firstIndex(of: message.batch.peer) else { return }
        let sender = Self.regions[message.from]
        let screened = F.policy.screen(message.batch.changes, at: Self.regions[receiver], from: sender)
        rejections += screened.rejected.count
        for row in screened.admitted {
            _ = clocks[receiver].observe(remote: row.version.hlc, physical: physical(receiver))
            let local = replicas[receiver][row.identity]
            if replicas[receiver].apply(row) == .ignore(.stale), let local,
               let repair = F.policy.repairChange(incoming: row, lostTo: local) {
                capture(repair, at: receiver)
            }
        }
        let acknowledged = outboxes[message.from].acknowledged(
            peer: message.batch.peer, tier: message.batch.tier, batchID: message.batch.id, now: physical(message.from))
        perform(acknowledged, from: message.from)
    }

    private mutating func failOne() {
        guard !network.isEmpty else { return }
        let message = network.remove(at: Int.random(in: 0..<network.count, using: &random))
        perform(outboxes[message.from].failed(
            peer: message.batch.peer, tier: message.batch.tier, batchID: message.batch.id, now: physical(message.from)), from: message.from)
    }

    /// Problems with the final state, described; empty when it is right.
    func violations() -> [String] {
        var problems: [String] = []
        if rejections > 0 { problems.append("\(rejections) rows rejected by receivers") }
        let winners = written.reduce(into: [RowIdentity: VersionedRow]()) { winners, row in
            winners[row.identity] = winners[row.identity].map { LWWMerge.merge($0, row) } ?? row
        }
        for (index, region) in Self.regions.enumerated() {
            for (identity, row) in replicas[index].liveRows {
                let classification = F.policy.classify(table: identity.table, row: row.values)
                if !F.policy.allows(classification, region: region) {
                    problems.append("\(region) holds \(identity) of class \(classification)")
                }
            }
            for (identity, winner) in winners {
                let held = replicas[index][identity]
                let mayHold = winner.values != nil
                    && F.policy.allows(F.policy.classify(table: identity.table, row: winner.values), region: region)
                if mayHold, held != winner {
                    problems.append("\(region) holds \(held.map { "\($0.version)" } ?? "nothing") for \(identity), winner \(winner.version)")
                }
                if !mayHold, held?.values != nil {
                    problems.append("\(region) still holds \(identity) at \(held.map { "\($0.version)" } ?? "")")
                }
            }
            let lastSequence = sequences[index]
            for peer in outboxes[index].peers where outboxes[index].cursor(peer: peer) != lastSequence {
                problems.append("\(region)'s cursor for \(peer) is \(outboxes[index].cursor(peer: peer)), changelog ends at \(lastSequence)")
            }
        }
        return problems
    }
}

@Suite struct TierBatcherPipelineTests {
    @Test func replicationThroughTheCoreConvergesAndRespectsResidency() {
        var failures: [String] = []
        for seed in UInt64(0)..<300 {
            var world = ReplicationWorld(seed: seed)
            world.run(steps: 80)
            world.drain()
            let problems = world.violations()
            if !problems.isEmpty { failures.append("seed \(seed): \(problems.prefix(3).joined(separator: "; "))") }
        }
        #expect(failures.isEmpty, "\(failures.count) seeds failed, first: \(failures.prefix(3))")
    }
}
