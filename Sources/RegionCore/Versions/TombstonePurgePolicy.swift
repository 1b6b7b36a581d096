/// When a tombstone may be forgotten.
///
/// A tombstone is what stops a late, older update from resurrecting a deleted row, so it
/// must outlive every such update: it may go once every peer has acknowledged the delete
/// (their cursors are past its changelog entry, so none still needs it) and the grace
/// period has passed since the delete (covering updates still in flight, retries and
/// clock skew). Forgetting it earlier would let a delayed update bring the row back.
public struct TombstonePurgePolicy: Hashable, Sendable {
    public var grace: Duration

    public init(grace: Duration) { self.grace = grace }

    public init(replication: ReplicationSettings) { self.init(grace: replication.tombstoneGrace) }

    /// - Parameters:
    ///   - tombstone: the deleted row's tombstone (`isPurgeable` is false for live rows).
    ///   - sequence: the changelog entry that captured the delete.
    ///   - peerCursors: every peer's cursor; a peer missing from the list has acknowledged
    ///     nothing, so pass all peers.
    public func isPurgeable(_ tombstone: VersionedRow, sequence: Int64, peerCursors: [Int64], now: Timestamp) -> Bool {
        guard tombstone.isTombstone else { return false }
        let deletedAt = Timestamp(milliseconds: tombstone.version.hlc.physicalMilliseconds)
        return now - deletedAt >= grace && peerCursors.allSatisfy { $0 >= sequence }
    }
}
