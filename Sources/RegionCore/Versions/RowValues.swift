/// The column values of one row image, by column name, in PostgreSQL text form; `nil` is
/// SQL NULL.
///
/// Text form is what capture reads and what COPY writes, so values pass through the core
/// unchanged and byte-identical between regions.
public struct RowValues: Hashable, Sendable, Codable, ExpressibleByDictionaryLiteral {
    public var columns: [String: String?]

    public init(_ columns: [String: String?]) { self.columns = columns }

    public init(dictionaryLiteral elements: (String, String?)...) {
        columns = Dictionary(elements, uniquingKeysWith: { _, last in last })
    }

    /// The value of `column`: `.absent` when the row image has no such column, `.null` for
    /// SQL NULL. Kept distinct because residency treats both as "class unknown" but reports
    /// them differently.
    public func lookup(_ column: String) -> ColumnLookup {
        switch columns[column] {
        case .none: .absent
        case .some(.none): .null
        case .some(.some(let value)): .value(value)
        }
    }

    /// A deterministic estimate of the row's size on the wire (names and values in UTF-8),
    /// used for batch size limits.
    public var estimatedBytes: Int {
        columns.reduce(0) { total, column in
            total + column.key.utf8.count + (column.value?.utf8.count ?? 0) + 4
        }
    }

    /// The columns sorted by name, as one string; a total order on row contents used only to
    /// break exact version ties deterministically.
    var canonical: String {
        columns.keys.sorted().map { name in
            let value = columns[name] ?? nil
            return value.map { "\(name.utf8.count):\(name)=\($0.utf8.count):\($0)" } ?? "\(name.utf8.count):\(name)=NULL"
        }.joined(separator: ";")
    }
}

/// The result of looking a column up in a row image.
public enum ColumnLookup: Hashable, Sendable {
    case absent
    case null
    case value(String)
}
