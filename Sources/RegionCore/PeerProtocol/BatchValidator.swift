/// Checks a decoded `ReplicateRequest` against this agent's configuration before anything
/// of it is applied, so a malformed batch is refused as a whole.
///
/// Residency is not checked here: a row of a class this region may not hold is a per-row
/// rejection (`ReplicateAcknowledgement.rejected`), not a malformed batch.
public struct BatchValidator: Sendable {
    public var local: RegionName
    public var peers: Set<RegionName>
    /// The tables each tier replicates here: a batch naming a table outside its tier is
    /// refused whole, since applying it would bypass the tier's residency and lag rules.
    public var tablesByTier: [String: Set<String>]
    public var localVersion: PeerProtocolVersion

    public init(
        local: RegionName, peers: Set<RegionName>, tablesByTier: [String: Set<String>],
        localVersion: PeerProtocolVersion = .current
    ) {
        self.local = local
        self.peers = peers
        self.tablesByTier = tablesByTier
        self.localVersion = localVersion
    }

    /// A validator for region `local` of `config`.
    public init(config: RegionsConfig, local: RegionName, localVersion: PeerProtocolVersion = .current) {
        self.init(
            local: local, peers: Set(config.voterNames.filter { $0 != local }),
            tablesByTier: Dictionary(config.tiers.map { ($0.name, Set($0.tables)) }, uniquingKeysWith: { first, _ in first }),
            localVersion: localVersion)
    }

    /// Throws the first problem found; `sender` is the region the request's signature proved.
    public func validate(_ request: ReplicateRequest, sender: RegionName) throws(BatchValidationError) {
        guard localVersion.interoperates(with: request.protocolVersion) else {
            throw .incompatibleVersion(origin: request.origin, batchVersion: request.protocolVersion, localVersion: localVersion)
        }
        guard request.destination == local else { throw .wrongDestination(destination: request.destination, local: local) }
        guard request.origin == sender else { throw .originMismatch(origin: request.origin, sender: sender) }
        guard peers.contains(request.origin) else { throw .unknownOrigin(request.origin) }
        guard let tables = tablesByTier[request.batch.tier] else { throw .unknownTier(request.batch.tier) }
        try validateChanges(request.batch.changes, tier: request.batch.tier, tables: tables, range: request.batch.sequences)
    }

    private func validateChanges(
        _ changes: [OutboundChange], tier: String, tables: Set<String>, range: ClosedRange<Int64>
    ) throws(BatchValidationError) {
        guard range.lowerBound >= 1 else { throw .invalidSequenceRange(range) }
        var sequences = Set<Int64>()
        var rows = Set<RowIdentity>()
        for change in changes {
            guard tables.contains(change.row.table) else { throw .tableNotInTier(table: change.row.table, tier: tier) }
            guard range.contains(change.sequence) else { throw .sequenceOutsideRange(sequence: change.sequence, range: range) }
            guard sequences.insert(change.sequence).inserted else { throw .duplicateSequence(change.sequence) }
            guard rows.insert(change.row.identity).inserted else {
                throw .duplicateRow(table: change.row.table, keyDigest: ReplicateAcknowledgement.rowDigest(change.row.identity))
            }
        }
    }
}
