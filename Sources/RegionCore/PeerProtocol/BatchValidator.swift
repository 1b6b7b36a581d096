/// Checks a decoded `ReplicateRequest` against this agent's configuration before anything
/// of it is applied, so a malformed batch is refused as a whole.
///
/// Residency is not checked here: a row of a class this region may not hold is a per-row
/// rejection (`ReplicateAcknowledgement.rejected`), not a malformed batch.
public struct BatchValidator: Sendable {
    public var local: RegionName
    public var peers: Set<RegionName>
    public var tiers: Set<String>
    public var localVersion: PeerProtocolVersion

    public init(local: RegionName, peers: Set<RegionName>, tiers: Set<String>, localVersion: PeerProtocolVersion = .current) {
        self.local = local
        self.peers = peers
        self.tiers = tiers
        self.localVersion = localVersion
    }

    /// A validator for region `local` of `config`.
    public init(config: RegionsConfig, local: RegionName, localVersion: PeerProtocolVersion = .current) {
        self.init(
            local: local, peers: Set(config.voterNames.filter { $0 != local }),
            tiers: Set(config.tiers.map(\.name)), localVersion: localVersion)
    }

    /// Throws the first problem found; `sender` is the region the request's signature proved.
    public func validate(_ request: ReplicateRequest, sender: RegionName) throws(BatchValidationError) {
        guard localVersion.interoperates(with: request.protocolVersion) else {
            throw .incompatibleVersion(origin: request.origin, batchVersion: request.protocolVersion, localVersion: localVersion)
        }
        guard request.destination == local else { throw .wrongDestination(destination: request.destination, local: local) }
        guard request.origin == sender else { throw .originMismatch(origin: request.origin, sender: sender) }
        guard peers.contains(request.origin) else { throw .unknownOrigin(request.origin) }
        guard tiers.contains(request.batch.tier) else { throw .unknownTier(request.batch.tier) }
        try validateChanges(request.batch.changes, range: request.batch.sequences)
    }

    private func validateChanges(_ changes: [OutboundChange], range: ClosedRange<Int64>) throws(BatchValidationError) {
        guard range.lowerBound >= 1 else { throw .invalidSequenceRange(range) }
        var sequences = Set<Int64>()
        var rows = Set<RowIdentity>()
        for change in changes {
            guard range.contains(change.sequence) else { throw .sequenceOutsideRange(sequence: change.sequence, range: range) }
            guard sequences.insert(change.sequence).inserted else { throw .duplicateSequence(change.sequence) }
            guard rows.insert(change.row.identity).inserted else {
                throw .duplicateRow(table: change.row.table, keyDigest: ReplicateAcknowledgement.rowDigest(change.row.identity))
            }
        }
    }
}
