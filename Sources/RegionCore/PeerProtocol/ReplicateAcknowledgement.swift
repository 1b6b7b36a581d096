import Crypto

/// The answer to a `ReplicateRequest` that was applied: the sender advances its cursor past
/// the batch's sequence range on receiving it.
///
/// Rejected rows (refused by the receiver's residency re-check) are named by a digest of
/// their table and key, never the key itself, so the acknowledgement and the logs it ends up
/// in carry no personal data.
public struct ReplicateAcknowledgement: Hashable, Sendable, Codable {
    public var batchID: BatchID
    /// The acknowledging region.
    public var receiver: RegionName
    /// Rows written because they were newer than what the receiver held.
    public var applied: Int
    /// Rows skipped because the receiver already held the same or a newer version.
    public var stale: Int
    /// Rows refused by residency; `rejectedKeyDigests` names each.
    public var rejected: Int
    /// `rowDigest(_:)` of each rejected row, sorted.
    public var rejectedKeyDigests: [String]

    public init(batchID: BatchID, receiver: RegionName, applied: Int, stale: Int, rejectedRows: [RowIdentity]) {
        self.batchID = batchID
        self.receiver = receiver
        self.applied = applied
        self.stale = stale
        self.rejected = rejectedRows.count
        self.rejectedKeyDigests = rejectedRows.map(Self.rowDigest).sorted()
    }

    /// Lowercase hex SHA-256 of `<table byte length>:<table><key canonical form>`; the sender,
    /// which holds the key, can recompute it to find the row.
    public static func rowDigest(_ row: RowIdentity) -> String {
        let text = "\(row.table.utf8.count):\(row.table)\(row.key.canonical)"
        return Hex.encode(SHA256.hash(data: Array(text.utf8)))
    }
}
