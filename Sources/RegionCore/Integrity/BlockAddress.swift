/// A block of rows in the integrity check: every row whose 32-bit key hash starts with
/// `prefix`, read as a `level`-bit number.
///
/// Level 0 is the whole table (one block); each further bit halves a block. Blocks are
/// defined by key hash rather than by key range so that they are equally full whatever the
/// key type and distribution, and both regions agree on them without exchanging boundaries.
public struct BlockAddress: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// Bits of the key hash; the deepest level, where a block holds one hash value.
    public static let keyHashBits = 32

    public var level: Int
    public var prefix: UInt32

    public init(level: Int, prefix: UInt32) {
        self.level = level
        self.prefix = prefix
    }

    public static let wholeTable = BlockAddress(level: 0, prefix: 0)

    /// The blocks at `level` (deeper than this one) that together hold exactly this block's rows.
    public func children(at childLevel: Int) -> [BlockAddress] {
        precondition(childLevel > level && childLevel <= Self.keyHashBits, "children must be deeper than their parent")
        let extraBits = childLevel - level
        let first = UInt64(prefix) << UInt64(extraBits)
        return (0..<(UInt64(1) << UInt64(extraBits))).map { BlockAddress(level: childLevel, prefix: UInt32(first + $0)) }
    }

    public static func < (lhs: BlockAddress, rhs: BlockAddress) -> Bool {
        (lhs.level, lhs.prefix) < (rhs.level, rhs.prefix)
    }

    public var description: String { "\(level)/\(prefix)" }
}
