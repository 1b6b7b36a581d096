import RegionCore

/// Builds valid replication batches from singapore to seoul of the real regions.yaml, and
/// semantically wrong variants of them (the kind a faulty or hostile peer sends).
struct ReplicateRequestGenerator {
    let config: RegionsConfig
    let sender: RegionName
    let receiver: RegionName

    func valid(using random: inout SplitMix64) -> ReplicateRequest {
        let tier = config.tiers.randomElement(using: &random)!
        let first = Int64.random(in: 1...1_000_000, using: &random)
        let count = Int.random(in: 0...12, using: &random)
        let span = Int64(count) + Int64.random(in: 0...5, using: &random)
        let sequences = Array(first...first + span).shuffled(using: &random).prefix(count).sorted()
        let changes = sequences.enumerated().map { offset, sequence in
            change(sequence: sequence, table: tier.tables.randomElement(using: &random)!, key: "k\(offset)", using: &random)
        }
        let batch = OutboundBatch(
            id: BatchID(rawValue: random.next() >> 1), peer: receiver, tier: tier.name, compress: tier.compress,
            sequences: first...first + span, changes: changes, bytes: changes.reduce(0) { $0 + $1.bytes })
        return ReplicateRequest(origin: sender, batch: batch)
    }

    private func change(sequence: Int64, table: String, key: String, using random: inout SplitMix64) -> OutboundChange {
        let version = Version(hlc: HLC(physicalMilliseconds: 1_795_000_000_000 + Int64(sequence)), origin: sender)
        let country = ["KR", "SG", "JP", "DE", "FR", ""].randomElement(using: &random)!
        let values: RowValues? =
            Bool.random(using: &random)
            ? ["id": key, "country": country, "note": String(repeating: "x", count: Int.random(in: 0...40, using: &random))]
            : nil
        let row = VersionedRow(table: table, key: RowKey(key), version: version, values: values)
        return OutboundChange(sequence: sequence, row: row, residencyClass: ["global", "kr-personal", "gdpr", nil].randomElement(using: &random)!)
    }

    /// A valid batch with one field made wrong in a way `BatchValidator` must refuse, or
    /// (rarely) left valid.
    func semanticallyMutated(using random: inout SplitMix64) -> ReplicateRequest {
        var request = valid(using: &random)
        let names: [RegionName] = ["seoul", "singapore", "tokyo", "frankfurt", "atlantis", "", "SEOUL", "seoul "]
        switch Int.random(in: 0..<8, using: &random) {
        case 0: request.batch.peer = names.randomElement(using: &random)!
        case 1: request.origin = names.randomElement(using: &random)!
        case 2: request.batch.tier = ["", "Critical", "critical ", "bulk", "logs"].randomElement(using: &random)!
        case 3:
            let low = [0, -1, Int64.min, Int64.max].randomElement(using: &random)!
            request.batch.sequences = low...max(low, request.batch.sequences.upperBound)
        case 4 where !request.batch.changes.isEmpty:
            let index = Int.random(in: 0..<request.batch.changes.count, using: &random)
            request.batch.changes[index].sequence = [0, -5, Int64.max, request.batch.sequences.upperBound + 1].randomElement(using: &random)!
        case 5 where !request.batch.changes.isEmpty:
            request.batch.changes.append(request.batch.changes.randomElement(using: &random)!)
        case 6:
            let versions = [PeerProtocolVersion(major: 0, minor: 9), .init(major: 1, minor: 1), .init(major: 1, minor: 2), .init(major: 2, minor: 0)]
            request.protocolVersion = versions.randomElement(using: &random)!
        default:
            break
        }
        return request
    }
}
