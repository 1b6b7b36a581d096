/// The fingerprint of one block: how many rows it holds and the XOR of their 128-bit row
/// hashes.
///
/// XOR does not depend on the order rows are read in, so each region computes it in one
/// unordered scan; a single differing row (edited, missing, extra, other version) changes it.
public struct BlockDigest: Hashable, Sendable, Codable {
    public var rows: Int
    public var high: Int64
    public var low: Int64

    public init(rows: Int, high: Int64, low: Int64) {
        self.rows = rows
        self.high = high
        self.low = low
    }

    /// The digest of a block without rows; blocks a region does not report are empty.
    public static let empty = BlockDigest(rows: 0, high: 0, low: 0)
}

/// A block and its digest, as one region reports it.
public struct BlockSummary: Hashable, Sendable, Codable {
    public var block: BlockAddress
    public var digest: BlockDigest

    public init(block: BlockAddress, digest: BlockDigest) {
        self.block = block
        self.digest = digest
    }
}
