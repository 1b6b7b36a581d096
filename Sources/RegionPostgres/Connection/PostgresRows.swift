import CLibPQ

/// The rows a statement returned, copied out of the `PGresult` (which is cleared at once)
/// as text values; `nil` is SQL NULL.
public struct PostgresRows: Sendable {
    public let columns: [String]
    public let rows: [PostgresRow]
    /// Rows inserted, updated, deleted or copied, from the command tag.
    public let affectedRows: Int

    init(result: OpaquePointer) {
        let columnCount = Int(PQnfields(result))
        let names = (0..<columnCount).map { String(cString: PQfname(result, Int32($0))) }
        var index: [String: Int] = [:]
        for (position, name) in names.enumerated() where index[name] == nil { index[name] = position }
        let shared = ColumnIndex(positions: index)
        rows = (0..<Int(PQntuples(result))).map { row in
            PostgresRow(values: (0..<columnCount).map { column -> String? in
                if PQgetisnull(result, Int32(row), Int32(column)) != 0 { return nil }
                return String(cString: PQgetvalue(result, Int32(row), Int32(column)))
            }, index: shared)
        }
        columns = names
        affectedRows = Int(String(cString: PQcmdTuples(result))) ?? 0
    }

    public var first: PostgresRow? { rows.first }
    public var count: Int { rows.count }
}

/// One row of text values, addressable by position or column name.
public struct PostgresRow: Sendable {
    public let values: [String?]
    let index: ColumnIndex

    public subscript(position: Int) -> String? { values.indices.contains(position) ? values[position] : nil }
    public subscript(column: String) -> String? { index.positions[column].flatMap { values[$0] } }
}

final class ColumnIndex: Sendable {
    let positions: [String: Int]
    init(positions: [String: Int]) { self.positions = positions }
}
