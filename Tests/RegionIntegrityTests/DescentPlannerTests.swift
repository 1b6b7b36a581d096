import RegionCore
import Testing

struct DescentPlannerTests {
    let planner = DescentPlanner(firstSplitBits: 8, splitBits: 4, rowListLimit: 32)

    func summary(_ block: BlockAddress, rows: Int, high: Int64) -> BlockSummary {
        BlockSummary(block: block, digest: BlockDigest(rows: rows, high: high, low: 0))
    }

    @Test func equalRootsFinishTheDescent() {
        let root = summary(.wholeTable, rows: 1_000, high: 7)
        let step = planner.step(blocks: [.wholeTable], local: [root], remote: [root])
        #expect(step.isFinished && step.list.isEmpty && step.differing == 0)
    }

    @Test func aLargeDifferingRootSplitsIntoTheFirstLevel() {
        let step = planner.step(
            blocks: [.wholeTable], local: [summary(.wholeTable, rows: 1_000, high: 7)], remote: [summary(.wholeTable, rows: 1_000, high: 8)])
        #expect(step.split.count == 256 && step.split.allSatisfy { $0.level == 8 })
    }

    @Test func smallDifferingBlocksAreListedAndMissingOnesCountAsEmpty() {
        let big = BlockAddress(level: 8, prefix: 3)
        let small = BlockAddress(level: 8, prefix: 4)
        let step = planner.step(
            blocks: [big, small, BlockAddress(level: 8, prefix: 5)],
            local: [summary(big, rows: 100, high: 1), summary(small, rows: 3, high: 1)],
            remote: [summary(big, rows: 100, high: 2)])
        #expect(step.list == [small])
        #expect(step.split == big.children(at: 12))
        #expect(step.split.first == BlockAddress(level: 12, prefix: 48))
    }

    @Test func childrenCoverExactlyTheirParent() {
        let parent = BlockAddress(level: 30, prefix: 5)
        #expect(parent.children(at: 32).map(\.prefix) == [20, 21, 22, 23])
    }
}
