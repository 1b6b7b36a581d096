/// The residency class of one row, or why it has none.
///
/// A row without a class is held in its origin region only (fail closed): a NULL country
/// or a table nobody wrote a rule for must never be what sends personal data abroad.
public enum ResidencyClassification: Hashable, Sendable, CustomStringConvertible {
    case classified(String)
    case undetermined(UnclassifiedReason)

    /// The class name, or `nil` when undetermined.
    public var className: String? {
        if case .classified(let name) = self { return name }
        return nil
    }

    public var description: String {
        switch self {
        case .classified(let name): name
        case .undetermined(let reason): "undetermined (\(reason))"
        }
    }
}

/// Why a row has no residency class. Never carries column values: reasons end up in the
/// residency log, which must not hold personal data.
public enum UnclassifiedReason: Hashable, Sendable, CustomStringConvertible {
    /// regions.yaml has no residency rule for the table.
    case noRule(table: String)
    /// The table's rule reads a column the row image does not have.
    case columnAbsent(table: String, column: String)
    /// The rule's column is NULL or blank.
    case nullValue(table: String, column: String)
    /// The value has no mapping and the rule has no default.
    case unmappedValue(table: String, column: String)
    /// The rule names a class regions.yaml does not declare.
    case unknownClass(table: String, className: String)
    /// A column rule needs the row's values but the change carried none (a delete captured
    /// without its old image).
    case noRowImage(table: String)

    public var description: String {
        switch self {
        case .noRule(let table):
            "table \(table) has no residency rule; add one under residency.tables in regions.yaml"
        case .columnAbsent(let table, let column):
            "row of \(table) has no column \(column) that its residency rule reads"
        case .nullValue(let table, let column):
            "\(table).\(column) is NULL or blank"
        case .unmappedValue(let table, let column):
            "\(table).\(column) has a value with no mapping and the rule has no default"
        case .unknownClass(let table, let className):
            "residency rule of \(table) names undeclared class \(className)"
        case .noRowImage(let table):
            "change of \(table) carried no row values to classify"
        }
    }
}
