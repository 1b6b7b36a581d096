/// The name of a region as written in regions.yaml (`seoul`, `singapore`, ...).
///
/// A distinct type so that region names cannot be confused with table, tier or class names.
public struct RegionName: Hashable, Comparable, Sendable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    public var rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public static func < (lhs: RegionName, rhs: RegionName) -> Bool { lhs.rawValue < rhs.rawValue }
    public var description: String { rawValue }
}
