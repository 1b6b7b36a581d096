import RegionCore

/// Renders a table's residency rule as a SQL expression over a row variable, so the capture
/// trigger classifies each row by the same rule the agent uses.
///
/// Fails closed: a NULL column, or a value with no mapping and no default, yields NULL
/// (no class: the row never leaves its origin region). A table without a rule yields NULL too.
enum ResidencyClassSQL {
    static func expression(for rule: TableResidency?, row: String) -> String {
        switch rule {
        case nil:
            return "NULL::text"
        case .fixed(let className):
            return sqlLiteral(className)
        case .byColumn(let column, let map, let fallback):
            let value = "upper(\(row).\(SQLIdentifier(column).quoted)::text)"
            var branches = ["WHEN \(row).\(SQLIdentifier(column).quoted) IS NULL THEN NULL"]
            for (key, className) in map.sorted(by: { $0.key < $1.key }) where key.uppercased() != "EU" {
                branches.append("WHEN \(value) = \(sqlLiteral(key.uppercased())) THEN \(sqlLiteral(className))")
            }
            if let euClass = map.first(where: { $0.key.uppercased() == "EU" })?.value {
                let members = Jurisdictions.europeanUnion.sorted().map(sqlLiteral).joined(separator: ", ")
                branches.append("WHEN \(value) IN (\(members)) THEN \(sqlLiteral(euClass))")
            }
            let otherwise = fallback.map(sqlLiteral) ?? "NULL"
            return "(CASE \(branches.joined(separator: " ")) ELSE \(otherwise) END)::text"
        }
    }
}
