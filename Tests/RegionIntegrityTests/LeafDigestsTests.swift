import RegionCore
import Testing

/// Shallower block digests rolled up from leaf digests equal those computed from the rows.
struct LeafDigestsTests {
    /// Rows as (key hash, row hash); a block's digest is their count and XOR.
    let rows: [(hash: UInt32, high: Int64, low: Int64)] = (0..<200).map { index in
        let hash = UInt32(truncatingIfNeeded: UInt64(index) &* 0x9E37_79B9_7F4A_7C15 >> 32)
        return (hash, Int64(index) &* 7_919, Int64(index) &* 104_729)
    }

    func direct(_ block: BlockAddress) -> BlockDigest {
        rows.filter { block.level == 0 || $0.hash >> UInt32(32 - block.level) == block.prefix }
            .reduce(BlockDigest.empty) { $0.combined(with: BlockDigest(rows: 1, high: $1.high, low: $1.low)) }
    }

    var leaves: LeafDigests {
        let level = 6
        var digests: [UInt32: BlockDigest] = [:]
        for row in rows {
            digests[row.hash >> UInt32(32 - level), default: .empty] =
                digests[row.hash >> UInt32(32 - level), default: .empty].combined(with: BlockDigest(rows: 1, high: row.high, low: row.low))
        }
        return LeafDigests(level: level, digests: digests)
    }

    @Test func theWholeTableDigestIsTheCombinationOfEveryLeaf() {
        #expect(leaves.summaries(of: [.wholeTable]) == [BlockSummary(block: .wholeTable, digest: direct(.wholeTable))])
    }

    @Test func intermediateBlocksMatchTheirRowsAndOnlyRequestedOnesAreAnswered() {
        let requested = [BlockAddress(level: 3, prefix: 1), BlockAddress(level: 3, prefix: 6)]
        let summaries = leaves.summaries(of: requested)
        #expect(summaries.map(\.block) == requested.filter { direct($0).rows > 0 })
        for summary in summaries { #expect(summary.digest == direct(summary.block)) }
    }

    @Test func blocksDeeperThanTheLeavesAreNotCovered() {
        #expect(!leaves.covers(level: 7))
        #expect(leaves.summaries(of: [BlockAddress(level: 7, prefix: 0)]).isEmpty)
    }
}
