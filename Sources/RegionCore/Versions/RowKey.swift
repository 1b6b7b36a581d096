/// A row's primary key: the key columns' values in key-column order, in PostgreSQL text form.
///
/// Kept as an ordered list rather than a joined string so composite keys stay unambiguous;
/// `canonical` gives one string per key where a single string is needed (digests, maps).
public struct RowKey: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var values: [String]

    public init(_ values: [String]) { self.values = values }

    public init(_ value: String) { self.values = [value] }

    public init(from decoder: any Decoder) throws {
        values = try decoder.singleValueContainer().decode([String].self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(values)
    }

    /// Length-prefixed concatenation (`3:abc1:x`): injective, so two different keys never
    /// share a canonical string, whatever characters the values contain.
    public var canonical: String {
        values.map { "\($0.utf8.count):\($0)" }.joined()
    }

    public static func < (lhs: RowKey, rhs: RowKey) -> Bool {
        lhs.values.lexicographicallyPrecedes(rhs.values)
    }

    public var description: String { "(\(values.joined(separator: ", ")))" }
}
