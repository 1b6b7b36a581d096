/// A replicated table as the database defines it: what capture and apply need to build
/// their SQL (columns in order, primary key columns in key order).
public struct TableSchema: Sendable, Equatable {
    /// The name as written in the tiers of regions.yaml; identifies the table between regions.
    public var name: String
    public var schema: String
    public var table: String
    /// Insertable columns in table order (generated columns excluded).
    public var columns: [String]
    public var primaryKey: [String]

    public init(name: String, columns: [String], primaryKey: [String]) {
        self.name = name
        let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
        schema = parts.count == 2 ? parts[0] : "public"
        table = parts.count == 2 ? parts[1] : name
        self.columns = columns
        self.primaryKey = primaryKey
    }

    /// `"schema"."table"`.
    public var qualified: String { "\(SQLIdentifier(schema).quoted).\(SQLIdentifier(table).quoted)" }

    /// Columns outside the primary key (the ones an upsert overwrites).
    public var valueColumns: [String] { columns.filter { !primaryKey.contains($0) } }

    /// Reads the columns and primary key of `name` from the catalog.
    public static func load(_ name: String, from connection: PostgresConnection) async throws -> TableSchema {
        let probe = TableSchema(name: name, columns: [], primaryKey: [])
        let relation = "\(probe.qualified)"
        let exists = try await connection.query("SELECT to_regclass($1) IS NOT NULL AS present", [relation])
        guard exists.first?["present"] == "t" else { throw SchemaError.missingTable(name) }
        let columns = try await connection.query("""
            SELECT attname FROM pg_attribute
            WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped AND attgenerated = ''
            ORDER BY attnum
            """, [relation])
        let key = try await connection.query("""
            SELECT a.attname FROM pg_index i
            JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey::int2[])
            WHERE i.indrelid = to_regclass($1) AND i.indisprimary
            ORDER BY array_position(i.indkey::int2[], a.attnum)
            """, [relation])
        let primaryKey = key.rows.compactMap { $0["attname"] }
        guard !primaryKey.isEmpty else { throw SchemaError.missingPrimaryKey(name) }
        return TableSchema(name: name, columns: columns.rows.compactMap { $0["attname"] }, primaryKey: primaryKey)
    }
}

/// Why the regiond schema cannot be installed or used.
public enum SchemaError: Error, Sendable, Equatable, CustomStringConvertible {
    case missingTable(String)
    case missingPrimaryKey(String)
    case unknownRegion(String)
    case notInstalled

    public var description: String {
        switch self {
        case .missingTable(let table):
            "table '\(table)' named in the tiers does not exist in this database; create it (or fix the name in regions.yaml) before running 'regiond install'"
        case .missingPrimaryKey(let table):
            "table '\(table)' has no primary key; last-write-wins replication identifies rows by key, add one"
        case .unknownRegion(let region):
            "region '\(region)' is not defined in regions.yaml; pass one of the configured region names"
        case .notInstalled:
            "the regiond schema is not installed in this database; run 'regiond install --config regions.yaml --region NAME'"
        }
    }
}
