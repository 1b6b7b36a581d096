/// One row (or tombstone) queued for one peer, tagged with the changelog sequence number it
/// came from so the peer's cursor can advance once it is delivered.
public struct OutboundChange: Hashable, Sendable, Codable {
    /// Sequence number of the source changelog entry.
    public var sequence: Int64
    public var row: VersionedRow
    /// The class the sender computed, declared to the receiver so it can re-check it;
    /// `nil` only for tombstones of rows that have no class.
    public var residencyClass: String?
    /// Size counted against the tier's `maxBatchBytes`.
    public var bytes: Int

    public init(sequence: Int64, row: VersionedRow, residencyClass: String?, bytes: Int? = nil) {
        self.sequence = sequence
        self.row = row
        self.residencyClass = residencyClass
        self.bytes = bytes ?? row.estimatedBytes
    }
}
