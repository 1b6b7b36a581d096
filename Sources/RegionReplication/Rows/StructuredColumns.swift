import RegionPostgres

/// The columns, per table, whose values travel as JSON rather than as text: `json`,
/// `jsonb` and array columns.
///
/// Capture records rows with `to_jsonb`; every other column's value is carried in its text
/// form (what residency classifies), and the receiver hands it back to PostgreSQL as a JSON
/// string, which `jsonb_populate_record` parses with the column type's input function. JSON
/// and array columns must instead keep their JSON form, so both sides learn them from the
/// catalog (the schemas of replicated tables are the same in every region).
public struct StructuredColumns: Sendable, Equatable {
    private var columnsByTable: [String: Set<String>]

    public init(_ columnsByTable: [String: Set<String>] = [:]) {
        self.columnsByTable = columnsByTable
    }

    public func contains(table: String, column: String) -> Bool {
        columnsByTable[table]?.contains(column) ?? false
    }

    /// Reads the JSON and array columns of `tables` from the catalog.
    public static func load(tables: [String], from connection: PostgresConnection) async throws -> StructuredColumns {
        var columnsByTable: [String: Set<String>] = [:]
        for table in tables {
            let relation = TableSchema(name: table, columns: [], primaryKey: []).qualified
            let rows = try await connection.query("""
                SELECT a.attname FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
                WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped
                  AND (t.typname IN ('json', 'jsonb') OR t.typcategory = 'A')
                """, [relation])
            let names = Set(rows.rows.compactMap { $0["attname"] })
            if !names.isEmpty { columnsByTable[table] = names }
        }
        return StructuredColumns(columnsByTable)
    }
}
