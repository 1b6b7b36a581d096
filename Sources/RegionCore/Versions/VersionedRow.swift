/// One row as replication moves it: which row, which version, and its values, or `nil` for
/// a tombstone.
///
/// A tombstone carries the key and version only, never the deleted values, so a delete can
/// travel anywhere the row might be held without carrying personal data with it.
public struct VersionedRow: Hashable, Sendable, Codable {
    public var table: String
    public var key: RowKey
    public var version: Version
    /// The row's values; `nil` marks a tombstone (the row was deleted at `version`).
    public var values: RowValues?

    public init(table: String, key: RowKey, version: Version, values: RowValues?) {
        self.table = table
        self.key = key
        self.version = version
        self.values = values
    }

    /// A tombstone for the row: key and version only.
    public static func tombstone(table: String, key: RowKey, version: Version) -> VersionedRow {
        VersionedRow(table: table, key: key, version: version, values: nil)
    }

    public var isTombstone: Bool { values == nil }

    public var identity: RowIdentity { RowIdentity(table: table, key: key) }

    /// This row with its values dropped: what a region that must no longer hold it receives.
    public var asTombstone: VersionedRow { .tombstone(table: table, key: key, version: version) }

    /// Deterministic wire-size estimate for batch limits (values, key, table, version).
    public var estimatedBytes: Int {
        table.utf8.count + key.canonical.utf8.count + version.origin.rawValue.utf8.count + 16 + (values?.estimatedBytes ?? 0)
    }
}

/// Which row, across tables: the unit LWW resolves conflicts on.
public struct RowIdentity: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var table: String
    public var key: RowKey

    public init(table: String, key: RowKey) {
        self.table = table
        self.key = key
    }

    public static func < (lhs: RowIdentity, rhs: RowIdentity) -> Bool {
        lhs.table != rhs.table ? lhs.table < rhs.table : lhs.key < rhs.key
    }

    public var description: String { "\(table)\(key)" }
}
