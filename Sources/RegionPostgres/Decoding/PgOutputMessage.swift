/// One message of PostgreSQL's `pgoutput` logical decoding plugin (protocol version 1), as
/// `pg_logical_slot_peek_binary_changes` returns it: one message per row.
///
/// Only what capture needs is kept; the layout is PostgreSQL's "Logical Replication Message
/// Formats" chapter.
public enum PgOutputMessage: Sendable, Equatable {
    case begin(PgOutputBegin)
    case commit(PgOutputCommit)
    /// The table a later change refers to by `id`; sent before its first change in a session
    /// and again whenever its definition changed.
    case relation(PgOutputRelation)
    case insert(relation: UInt32, new: [PgOutputValue])
    /// `old` is the replica identity (key columns, or every column under `REPLICA IDENTITY
    /// FULL`) when PostgreSQL sent it: only when the key changed, or always under FULL.
    case update(relation: UInt32, old: [PgOutputValue]?, new: [PgOutputValue])
    case delete(relation: UInt32, old: [PgOutputValue])
    case truncate(relations: [UInt32])
    case origin(commitLSN: UInt64, name: String)
    case type(id: UInt32, namespace: String, name: String)
    /// A `pg_logical_emit_message` (with the `messages` option).
    case message(transactional: Bool, lsn: UInt64, prefix: String, content: [UInt8])
}

public struct PgOutputBegin: Sendable, Equatable {
    /// The LSN of the transaction's commit record.
    public var finalLSN: UInt64
    /// Microseconds since 2000-01-01 UTC.
    public var commitTime: Int64
    public var xid: UInt32
}

public struct PgOutputCommit: Sendable, Equatable {
    public var commitLSN: UInt64
    /// The LSN just past the commit record: where decoding may resume.
    public var endLSN: UInt64
    public var commitTime: Int64
}

public struct PgOutputRelation: Sendable, Equatable {
    public var id: UInt32
    public var namespace: String
    public var name: String
    public var columns: [String]
    /// Each column's type OID, in column order.
    public var columnTypes: [UInt32]

    public init(id: UInt32, namespace: String, name: String, columns: [String], columnTypes: [UInt32]) {
        self.id = id
        self.namespace = namespace
        self.name = name
        self.columns = columns
        self.columnTypes = columnTypes
    }
}

/// One column of a tuple.
public enum PgOutputValue: Sendable, Equatable {
    case null
    /// A TOASTed value the change left alone; PostgreSQL does not send it again.
    case unchangedToast
    /// The value in PostgreSQL's text output format.
    case text(String)
}
