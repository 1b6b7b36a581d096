/// A 64-bit hybrid logical clock value: physical milliseconds since the Unix epoch in the
/// high 48 bits, a logical counter in the low 16 bits.
///
/// Ordering by the raw value orders by physical time first, then by the counter, so a
/// value is comparable across regions and fits PostgreSQL's `bigint`.
public struct HLC: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public static let logicalBits: UInt64 = 16
    public static let logicalMask: UInt64 = (1 << logicalBits) - 1

    public var rawValue: UInt64

    public init(rawValue: UInt64) { self.rawValue = rawValue }

    public init(physicalMilliseconds: Int64, logical: UInt16 = 0) {
        rawValue = (UInt64(max(0, physicalMilliseconds)) << Self.logicalBits) | UInt64(logical)
    }

    public var physicalMilliseconds: Int64 { Int64(rawValue >> Self.logicalBits) }
    public var logical: UInt16 { UInt16(rawValue & Self.logicalMask) }

    public static func < (lhs: HLC, rhs: HLC) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(UInt64.self)
    }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { "\(physicalMilliseconds).\(logical)" }
}

/// The version of one row: who wrote it and when, by HLC.
///
/// Total order: higher `hlc` wins; equal `hlc` is broken by `origin` name, so every region
/// picks the same winner without coordination.
public struct Version: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var hlc: HLC
    public var origin: RegionName

    public init(hlc: HLC, origin: RegionName) {
        self.hlc = hlc
        self.origin = origin
    }

    public static func < (lhs: Version, rhs: Version) -> Bool {
        lhs.hlc != rhs.hlc ? lhs.hlc < rhs.hlc : lhs.origin < rhs.origin
    }

    public var description: String { "\(hlc)@\(origin)" }
}
