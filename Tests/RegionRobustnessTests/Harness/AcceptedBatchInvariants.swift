import RegionCore

/// What a batch that passed decoding and `BatchValidator` must be, restated independently:
/// addressed here, from the peer that signed it, of a configured tier, with every change's
/// sequence inside the batch's range and no sequence or row twice.
enum AcceptedBatchInvariants {
    static func violations(of request: ReplicateRequest, receiver: RegionName, sender: RegionName, config: RegionsConfig) -> [String] {
        var problems: [String] = []
        let batch = request.batch
        if batch.peer != receiver { problems.append("accepted a batch addressed to '\(batch.peer)'") }
        if request.origin != sender { problems.append("accepted origin '\(request.origin)' signed by \(sender)") }
        if request.origin == receiver || config.region(request.origin) == nil { problems.append("accepted origin '\(request.origin)', not a peer") }
        if !config.tiers.contains(where: { $0.name == batch.tier }) { problems.append("accepted unknown tier '\(batch.tier)'") }
        if !request.protocolVersion.interoperates(with: .current) { problems.append("accepted protocol \(request.protocolVersion)") }
        if batch.sequences.lowerBound < 1 { problems.append("accepted sequence range starting at \(batch.sequences.lowerBound)") }
        if batch.changes.contains(where: { !batch.sequences.contains($0.sequence) }) { problems.append("accepted a change outside the range") }
        if Set(batch.changes.map(\.sequence)).count != batch.changes.count { problems.append("accepted a duplicate sequence") }
        if Set(batch.changes.map(\.row.identity)).count != batch.changes.count { problems.append("accepted a duplicate row") }
        return problems
    }
}
