/// One captured change of a replicated table, with the row images residency needs: the new
/// row decides where it may go, the old row tells where it may already be.
public struct RowChange: Hashable, Sendable {
    public enum Operation: String, Hashable, Sendable { case insert, update, delete }

    public var operation: Operation
    public var table: String
    public var key: RowKey
    /// The version the origin stamped on the change (`Version.next`).
    public var version: Version
    /// The row before the change; `nil` for inserts (and deletes captured without it).
    public var old: RowValues?
    /// The row after the change; `nil` for deletes.
    public var new: RowValues?

    private init(operation: Operation, table: String, key: RowKey, version: Version, old: RowValues?, new: RowValues?) {
        self.operation = operation
        self.table = table
        self.key = key
        self.version = version
        self.old = old
        self.new = new
    }

    public static func insert(table: String, key: RowKey, version: Version, values: RowValues) -> RowChange {
        RowChange(operation: .insert, table: table, key: key, version: version, old: nil, new: values)
    }

    public static func update(table: String, key: RowKey, version: Version, old: RowValues, new: RowValues) -> RowChange {
        RowChange(operation: .update, table: table, key: key, version: version, old: old, new: new)
    }

    public static func delete(table: String, key: RowKey, version: Version, old: RowValues?) -> RowChange {
        RowChange(operation: .delete, table: table, key: key, version: version, old: old, new: nil)
    }

    /// The row as it now is, to ship where its class allows.
    public var newRow: VersionedRow {
        VersionedRow(table: table, key: key, version: version, values: new)
    }

    /// A tombstone for the row at this change's version.
    public var tombstone: VersionedRow { .tombstone(table: table, key: key, version: version) }
}
