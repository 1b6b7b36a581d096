/// One committed transaction of the slot, its changes to replicated tables in commit order.
public struct DecodedTransaction: Sendable, Equatable {
    public var commitLSN: UInt64
    public var endLSN: UInt64
    /// Microseconds since 2000-01-01 UTC.
    public var commitTime: Int64
    /// Whether regiond itself wrote it (applier, retention, repair): see `AppliedTransactionMarker`.
    public var isRegiondWrite: Bool
    public var changes: [DecodedRowChange]

    /// The commit time in milliseconds since 1970, the physical part of an HLC.
    public var commitUnixMilliseconds: Int64 { commitTime / 1000 + Self.postgresEpochMilliseconds }

    /// 2000-01-01 UTC in Unix milliseconds.
    static let postgresEpochMilliseconds: Int64 = 946_684_800_000
}

/// One row change, with the column names of its table so it can be turned into JSON.
public struct DecodedRowChange: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable { case insert = "I", update = "U", delete = "D" }

    public var relation: PgOutputRelation
    public var kind: Kind
    public var old: [PgOutputValue]?
    public var new: [PgOutputValue]?
}
