/// Decides, level by level, which blocks to compare next: only blocks whose digests differ
/// are split or listed, so regions in sync exchange one digest per table.
///
/// The descent starts with the whole table, splits a differing root into
/// `2^firstSplitBits` blocks, then each differing block into `2^splitBits`, until a block
/// is small enough (`rowListLimit` rows on both sides) to list row by row.
public struct DescentPlanner: Hashable, Sendable {
    public var firstSplitBits: Int
    public var splitBits: Int
    public var rowListLimit: Int

    public init(firstSplitBits: Int = 8, splitBits: Int = 4, rowListLimit: Int = 32) {
        precondition(firstSplitBits > 0 && splitBits > 0 && rowListLimit > 0, "a descent must make progress")
        self.firstSplitBits = firstSplitBits
        self.splitBits = splitBits
        self.rowListLimit = rowListLimit
    }

    /// What to do after comparing the digests of `blocks` reported by both regions.
    public func step(blocks: [BlockAddress], local: [BlockSummary], remote: [BlockSummary]) -> DescentStep {
        let localDigests = Dictionary(local.map { ($0.block, $0.digest) }, uniquingKeysWith: { first, _ in first })
        let remoteDigests = Dictionary(remote.map { ($0.block, $0.digest) }, uniquingKeysWith: { first, _ in first })
        var step = DescentStep()
        for block in blocks.sorted() {
            let mine = localDigests[block] ?? .empty
            let theirs = remoteDigests[block] ?? .empty
            guard mine != theirs else { continue }
            step.differing += 1
            let small = max(mine.rows, theirs.rows) <= rowListLimit
            if small || block.level == BlockAddress.keyHashBits {
                step.list.append(block)
            } else {
                let bits = block.level == 0 ? firstSplitBits : splitBits
                step.split += block.children(at: min(BlockAddress.keyHashBits, block.level + bits))
            }
        }
        return step
    }
}

/// The outcome of one comparison round.
public struct DescentStep: Hashable, Sendable {
    /// Blocks whose digests differed in this round.
    public var differing = 0
    /// Child blocks to summarise next round.
    public var split: [BlockAddress] = []
    /// Blocks small enough to compare row by row.
    public var list: [BlockAddress] = []

    public init() {}

    public var isFinished: Bool { split.isEmpty }
}
