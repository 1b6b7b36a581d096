/// Which rows of a table belong to a set of residency classes, in a form a database can
/// evaluate: the integrity check compares only rows whose class both regions allow, and
/// retention purges only rows of the class a rule names.
///
/// Built from the same rules as `ResidencyPolicy.classify`, so both agree: a column value
/// is trimmed and upper-cased, country groups are expanded, and a row with a NULL, blank
/// or unmapped value (no default) has no class and matches no filter (fail closed).
public enum ClassRowFilter: Hashable, Sendable {
    /// Every row matches (a fixed class that is accepted).
    case everyRow
    /// No row matches.
    case noRow
    /// Rows whose normalised `column` value is one of `values`.
    case columnIn(column: String, values: [String])
    /// Rows whose normalised `column` value is non-blank and none of `values` (the default
    /// class is accepted; `values` are the mapped values of classes that are not).
    case columnNotIn(column: String, values: [String])

    /// The filter for rows of `table` whose class is in `classes`; `noRow` for a table
    /// without a residency rule.
    public init(table: String, residency: ResidencyConfig, classes: Set<String>) {
        guard let residencyRule = residency.tables[table] else {
            self = .noRow
            return
        }
        switch TableRule(residencyRule) {
        case .fixed(let className):
            self = classes.contains(className) ? .everyRow : .noRow
        case .byColumn(let rule):
            let accepted = rule.classByValue.filter { classes.contains($0.value) }.keys.sorted()
            if let fallback = rule.defaultClass, classes.contains(fallback) {
                let refused = rule.classByValue.filter { !classes.contains($0.value) }.keys.sorted()
                self = .columnNotIn(column: rule.column, values: refused)
            } else {
                self = accepted.isEmpty ? .noRow : .columnIn(column: rule.column, values: accepted)
            }
        }
    }

    /// Rows of `table` that both `first` and `second` may hold.
    public static func shared(table: String, residency: ResidencyConfig, between first: RegionName, and second: RegionName) -> ClassRowFilter {
        let classes = residency.classes.filter { $0.allowedRegions.contains(first) && $0.allowedRegions.contains(second) }
        return ClassRowFilter(table: table, residency: residency, classes: Set(classes.map(\.name)))
    }
}
