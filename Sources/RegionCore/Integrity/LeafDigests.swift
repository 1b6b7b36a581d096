/// The digests of every non-empty block at one deep level of a table, from which the digest
/// of any shallower block follows without reading a row again.
///
/// A region computes them in the one scan that answers the whole-table summary, so the
/// descent's further rounds cost no scan: XOR and row counts combine in any grouping.
public struct LeafDigests: Hashable, Sendable {
    public let level: Int
    public let digests: [UInt32: BlockDigest]

    public init(level: Int, digests: [UInt32: BlockDigest]) {
        precondition((0...BlockAddress.keyHashBits).contains(level), "a leaf level is a key-hash bit count")
        self.level = level
        self.digests = digests
    }

    /// Whether `summaries(of:)` can answer for blocks at `blockLevel`.
    public func covers(level blockLevel: Int) -> Bool { blockLevel <= level }

    /// The non-empty blocks among `blocks` (all at one level no deeper than the leaves),
    /// in ascending order, as a region's summary lists them.
    public func summaries(of blocks: [BlockAddress]) -> [BlockSummary] {
        guard let blockLevel = blocks.first?.level, covers(level: blockLevel) else { return [] }
        let wanted = Set(blocks.map(\.prefix))
        let shift = UInt32(level - blockLevel)
        var combined: [UInt32: BlockDigest] = [:]
        for (leaf, digest) in digests {
            let parent = shift >= 32 ? 0 : leaf >> shift
            guard wanted.contains(parent) else { continue }
            combined[parent] = combined[parent, default: .empty].combined(with: digest)
        }
        return combined.map { BlockSummary(block: BlockAddress(level: blockLevel, prefix: $0.key), digest: $0.value) }
            .sorted { $0.block < $1.block }
    }
}

extension BlockDigest {
    /// The digest of the union of two disjoint sets of rows.
    public func combined(with other: BlockDigest) -> BlockDigest {
        BlockDigest(rows: rows + other.rows, high: high ^ other.high, low: low ^ other.low)
    }
}
