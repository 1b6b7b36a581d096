import RegionCore

/// Renders a table's residency rule as a SQL expression over a row variable, so the capture
/// trigger classifies each row by the same rule the core `ResidencyPolicy` applies.
///
/// The value is normalised exactly as the core normalises it: surrounding Unicode white space
/// trimmed (the characters of Swift's `Character.isWhitespace`, not only the space that a bare
/// `btrim` removes), then upper-cased with full Unicode case mapping (ICU, so `ſe` becomes
/// `SE` as in Swift, where the C locale's `upper` would leave it alone). A blank value counts
/// as NULL.
///
/// Fails closed: a NULL or blank column, or a value with no mapping and no default, yields
/// NULL (no class: the row never leaves its origin region). A table without a rule yields NULL.
///
/// Public so that other modules (the integrity check) classify rows in SQL exactly as the
/// capture does, instead of keeping a second rendering that could drift.
public enum ResidencyClassSQL {
    /// Unicode `White_Space`, the set Swift's `Character.isWhitespace` tests.
    static let whiteSpace: [Unicode.Scalar] = [
        "\u{09}", "\u{0A}", "\u{0B}", "\u{0C}", "\u{0D}", "\u{20}", "\u{85}", "\u{A0}", "\u{1680}",
        "\u{2000}", "\u{2001}", "\u{2002}", "\u{2003}", "\u{2004}", "\u{2005}", "\u{2006}", "\u{2007}",
        "\u{2008}", "\u{2009}", "\u{200A}", "\u{2028}", "\u{2029}", "\u{202F}", "\u{205F}", "\u{3000}",
    ]

    /// The class of the row variable `row` (an alias or record) under `rule`, as a `text`
    /// expression. The column's value is normalised once per row (a simple `CASE` over it),
    /// not once per branch: the ICU upper-casing is the expensive part.
    public static func expression(for rule: TableResidency?, row: String) -> String {
        switch rule {
        case nil:
            return "NULL::text"
        case .fixed(let className):
            return sqlLiteral(className)
        case .byColumn(let column, let map, let fallback):
            let value = "coalesce(\(trimmedUppercased("\(row).\(SQLIdentifier(column).quoted)::text")), '')"
            // Single keys first, then the members of groups (`EU`) not named on their own; a
            // value is listed once, where it matches first.
            var branches = ["WHEN '' THEN NULL"]
            var listed: Set<String> = []
            func branch(_ value: String, _ className: String) {
                guard listed.insert(value).inserted else { return }
                branches.append("WHEN \(sqlLiteral(value)) THEN \(sqlLiteral(className))")
            }
            for (key, className) in map.sorted(by: { $0.key < $1.key }) where CountryGroup.members(of: key) == nil {
                branch(trimmedUppercase(key), className)
            }
            for (key, className) in map.sorted(by: { $0.key < $1.key }) {
                for member in CountryGroup.members(of: key)?.sorted() ?? [] { branch(member, className) }
            }
            let otherwise = fallback.map(sqlLiteral) ?? "NULL"
            return "(CASE \(value) \(branches.joined(separator: " ")) ELSE \(otherwise) END)::text"
        }
    }

    /// `upper(btrim(value, <white space>))` with Unicode case mapping: a column's value as
    /// the core compares it with the residency map's keys.
    public static func trimmedUppercased(_ value: String) -> String {
        let characters = "E'" + whiteSpace.map { "\\u" + hex4($0.value) }.joined() + "'"
        return "upper(btrim(\(value), \(characters)) COLLATE \"und-x-icu\")"
    }

    /// A map key as the core normalises it.
    static func trimmedUppercase(_ key: String) -> String {
        String(key.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed()).uppercased()
    }

    private static func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
