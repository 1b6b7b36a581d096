/// Why a decoded `ReplicateRequest` is refused as a whole (HTTP 400, nothing applied).
///
/// Row keys never appear: a duplicated row is named by its table and
/// `ReplicateAcknowledgement.rowDigest`, since keys may be personal data.
public enum BatchValidationError: Error, Sendable, Equatable, CustomStringConvertible {
    case incompatibleVersion(origin: RegionName, batchVersion: PeerProtocolVersion, localVersion: PeerProtocolVersion)
    case wrongDestination(destination: RegionName, local: RegionName)
    /// The body names an origin other than the region that signed the request.
    case originMismatch(origin: RegionName, sender: RegionName)
    case unknownOrigin(RegionName)
    case unknownTier(String)
    case tableNotInTier(table: String, tier: String)
    case invalidSequenceRange(ClosedRange<Int64>)
    case sequenceOutsideRange(sequence: Int64, range: ClosedRange<Int64>)
    case duplicateSequence(Int64)
    case duplicateRow(table: String, keyDigest: String)

    /// Always 400: the request was authentic but its content is wrong.
    public var httpStatus: Int { 400 }

    /// A fixed, low-cardinality label for the refused-batches metric.
    public var metricLabel: String {
        switch self {
        case .incompatibleVersion: "incompatible_version"
        case .wrongDestination: "wrong_destination"
        case .originMismatch: "origin_mismatch"
        case .unknownOrigin: "unknown_origin"
        case .unknownTier: "unknown_tier"
        case .tableNotInTier: "table_not_in_tier"
        case .invalidSequenceRange: "invalid_sequence_range"
        case .sequenceOutsideRange: "sequence_outside_range"
        case .duplicateSequence: "duplicate_sequence"
        case .duplicateRow: "duplicate_row"
        }
    }

    public var description: String {
        switch self {
        case .incompatibleVersion(let origin, let batchVersion, let localVersion):
            "batch from \(origin) is in regiond protocol \(batchVersion), this agent speaks \(localVersion): upgrade one of them to an adjacent release"
        case .wrongDestination(let destination, let local):
            "batch is addressed to \(destination) but was delivered to \(local); check the sender's agent_url for \(destination) in regions.yaml"
        case .originMismatch(let origin, let sender):
            "batch claims origin \(origin) but was signed by \(sender); a region may only send its own changes"
        case .unknownOrigin(let origin):
            "batch origin '\(origin)' is not a peer region of this cluster; add it to regions.yaml on every agent"
        case .unknownTier(let tier):
            "batch tier '\(tier)' is not configured here; deploy the same regions.yaml tiers on every agent"
        case .tableNotInTier(let table, let tier):
            "table \(table) is not replicated in tier '\(tier)' here; deploy the same regions.yaml tiers on every agent"
        case .invalidSequenceRange(let range):
            "batch sequence range \(range.lowerBound)...\(range.upperBound) is invalid; changelog sequence numbers start at 1"
        case .sequenceOutsideRange(let sequence, let range):
            "change with sequence \(sequence) lies outside the batch range \(range.lowerBound)...\(range.upperBound); the sender's batcher is faulty"
        case .duplicateSequence(let sequence):
            "two changes in the batch share sequence \(sequence); the sender's batcher is faulty"
        case .duplicateRow(let table, let keyDigest):
            "the batch carries one row of \(table) twice (key digest \(keyDigest)); a batch holds at most one change per row"
        }
    }
}
