import RegionCore

/// Turns a decoded tuple into the JSON object `json_populate_record` reads: column name to
/// the value's text (which the column type's input function parses back), `null`, and no
/// entry for an unchanged TOASTed value (so the base record's value is kept).
enum TupleJSON {
    /// `json` and `jsonb`, whose text is embedded as JSON rather than as a string:
    /// `json_populate_record` copies a JSON value into such a column as it is.
    static let jsonTypes: Set<UInt32> = [114, 3802]

    /// The object, and whether an unchanged TOASTed column was left out.
    static func object(_ values: [PgOutputValue], of relation: PgOutputRelation) -> (json: String, partial: Bool) {
        var json = "{"
        var partial = false
        var first = true
        for (index, value) in values.enumerated() where index < relation.columns.count {
            let rendered: String
            switch value {
            case .unchangedToast:
                partial = true
                continue
            case .null:
                rendered = "null"
            case .text(let text):
                rendered = jsonTypes.contains(relation.columnTypes[index]) ? text : quoted(text)
            }
            if !first { json += "," }
            first = false
            json += quoted(relation.columns[index]) + ":" + rendered
        }
        return (json + "}", partial)
    }

    static func quoted(_ text: String) -> String {
        var result = ""
        JSONStringLiteral.append(text, to: &result)
        return result
    }
}
