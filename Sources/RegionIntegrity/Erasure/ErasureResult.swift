import RegionCore

/// What an erasure request did in the region that ran it.
public struct ErasureResult: Sendable, Equatable {
    public var table: String
    /// Rows deleted here (0 or 1: the key is the primary key).
    public var rows: Int
    public var className: String?
    /// The tombstone's version; replication carries it to `replicatedTo`.
    public var tombstone: Version?
    /// Peers the tombstone is routed to: every region the row's class allowed.
    public var replicatedTo: [RegionName]
}
