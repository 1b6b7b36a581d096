/// A table's residency rule, prepared for fast lookups: country groups expanded and map keys
/// normalised once, not per row.
enum TableRule: Sendable {
    case fixed(String)
    case byColumn(ColumnRule)

    init(_ residency: TableResidency) {
        switch residency {
        case .fixed(let className): self = .fixed(className)
        case .byColumn(let column, let map, let fallback): self = .byColumn(ColumnRule(column: column, map: map, default: fallback))
        }
    }
}

/// Derives a class from one column's value.
///
/// Values match map keys case-insensitively after trimming, so `kr` and ` KR` are not
/// silently treated as "other countries"; a key naming a country group (`EU`) matches each
/// member, and an explicit country key wins over a group containing it.
struct ColumnRule: Sendable {
    enum Failure: Error {
        case absent, null, unmapped

        func reason(table: String, column: String) -> UnclassifiedReason {
            switch self {
            case .absent: .columnAbsent(table: table, column: column)
            case .null: .nullValue(table: table, column: column)
            case .unmapped: .unmappedValue(table: table, column: column)
            }
        }
    }

    let column: String
    let classByValue: [String: String]
    let defaultClass: String?

    init(column: String, map: [String: String], default defaultClass: String?) {
        self.column = column
        self.defaultClass = defaultClass
        var classByValue: [String: String] = [:]
        for (key, className) in map.sorted(by: { $0.key < $1.key }) {
            for member in CountryGroup.members(of: key) ?? [] where classByValue[member] == nil {
                classByValue[member] = className
            }
        }
        for (key, className) in map where CountryGroup.members(of: key) == nil {
            classByValue[Self.normalised(key)] = className
        }
        self.classByValue = classByValue
    }

    func className(in row: RowValues) -> Result<String, Failure> {
        switch row.lookup(column) {
        case .absent: return .failure(.absent)
        case .null: return .failure(.null)
        case .value(let raw):
            let value = Self.normalised(raw)
            if value.isEmpty { return .failure(.null) }
            guard let name = classByValue[value] ?? defaultClass else { return .failure(.unmapped) }
            return .success(name)
        }
    }

    private static func normalised(_ value: String) -> String {
        String(value.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed()).uppercased()
    }
}
