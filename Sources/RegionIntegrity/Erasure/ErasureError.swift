/// Why an erasure request could not be carried out.
public enum ErasureError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownTable(String)
    case keyShape(table: String, expected: [String], given: Int)

    public var description: String {
        switch self {
        case .unknownTable(let table):
            "table '\(table)' is not replicated by regions.yaml; erase rows of replicated tables only (others never left this region: delete them directly)"
        case .keyShape(let table, let expected, let given):
            "table '\(table)' has primary key (\(expected.joined(separator: ", "))): pass \(expected.count) --key value(s) in that order, not \(given)"
        }
    }
}
