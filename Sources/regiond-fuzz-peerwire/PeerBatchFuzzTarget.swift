import Foundation
import RegionCompression
import RegionCore
import RegionNet

/// One libFuzzer input run through what a receiver does with a peer's batch: PeerWire
/// decoding under the headers the input selects, then `BatchValidator`.
///
/// Input layout: the first byte picks how the rest is delivered (see `Delivery`); the rest
/// is the body. Refusals are the expected outcome; a batch that is accepted but not
/// well-formed, addressed here and from the signer is a finding, reported by trapping so
/// libFuzzer saves the input.
struct PeerBatchFuzzTarget: FuzzTarget {
    static let receiver: RegionName = "seoul"
    static let sender: RegionName = "singapore"

    let config: RegionsConfig
    let wire = PeerWire(maxBodyBytes: 1 << 20)
    let validator: BatchValidator

    init(config: RegionsConfig) {
        self.config = config
        validator = BatchValidator(config: config, local: Self.receiver)
    }

    /// How the body reaches the decoder.
    enum Delivery: UInt8, CaseIterable {
        /// Plain JSON with its true length declared.
        case identity
        /// The input compressed by the harness, its true length declared: reaches the JSON
        /// decoder through the inflate path.
        case deflated
        /// The input taken as compressed bytes, with a declared length from its first 4 bytes.
        case rawDeflate
        /// Plain JSON without the length header.
        case undeclared
    }

    func run(_ input: [UInt8]) {
        guard let first = input.first else { return }
        let delivery = Delivery(rawValue: first % UInt8(Delivery.allCases.count)) ?? .identity
        var body = Array(input.dropFirst())
        var headers: [String: String] = [PeerHeader.contentEncoding: "identity", PeerHeader.uncompressedLength: String(body.count)]
        switch delivery {
        case .identity:
            break
        case .deflated:
            headers[PeerHeader.contentEncoding] = "deflate"
            body = (try? Zlib.compress(body, format: .zlib)) ?? body
        case .rawDeflate:
            let declared = body.prefix(4).reduce(0) { $0 << 8 | Int($1) }
            headers[PeerHeader.contentEncoding] = "deflate"
            headers[PeerHeader.uncompressedLength] = String(declared)
            body = Array(body.dropFirst(4))
        case .undeclared:
            headers[PeerHeader.uncompressedLength] = nil
        }
        guard let request = try? wire.decode(ReplicateRequest.self, from: body, header: { headers[$0] }),
              (try? validator.validate(request, sender: Self.sender)) != nil
        else { return }
        let problems = problems(with: request)
        if !problems.isEmpty { preconditionFailure("accepted a malformed batch: \(problems.joined(separator: "; "))") }
    }

    private func problems(with request: ReplicateRequest) -> [String] {
        let batch = request.batch
        var problems: [String] = []
        if batch.peer != Self.receiver { problems.append("addressed to \(batch.peer)") }
        if request.origin != Self.sender { problems.append("origin \(request.origin)") }
        if !config.tiers.contains(where: { $0.name == batch.tier }) { problems.append("tier \(batch.tier)") }
        if batch.sequences.lowerBound < 1 { problems.append("range from \(batch.sequences.lowerBound)") }
        if batch.changes.contains(where: { !batch.sequences.contains($0.sequence) }) { problems.append("change outside range") }
        if Set(batch.changes.map(\.sequence)).count != batch.changes.count { problems.append("duplicate sequence") }
        if Set(batch.changes.map(\.row.identity)).count != batch.changes.count { problems.append("duplicate row") }
        return problems
    }

    /// Valid batches, one per tier, as seed inputs (identity delivery).
    func seeds() throws -> [[UInt8]] {
        try config.tiers.enumerated().map { index, tier in
            let version = Version(hlc: HLC(physicalMilliseconds: 1_795_000_000_000), origin: Self.sender)
            let row = VersionedRow(table: tier.tables[0], key: RowKey("k\(index)"), version: version, values: ["country": "SG"])
            let batch = OutboundBatch(
                id: BatchID(rawValue: UInt64(index)), peer: Self.receiver, tier: tier.name, compress: false, sequences: 1...3,
                changes: [OutboundChange(sequence: 2, row: row, residencyClass: "global")], bytes: row.estimatedBytes)
            return [Delivery.identity.rawValue] + (try wire.encode(ReplicateRequest(origin: Self.sender, batch: batch), compress: false).bytes)
        }
    }
}
