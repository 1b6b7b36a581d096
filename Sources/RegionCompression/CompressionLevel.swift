/// How hard deflate works: a trade of CPU time for size.
public struct CompressionLevel: Sendable, Hashable {
    /// zlib's level, 0 (store only) to 9 (smallest output).
    public let value: Int32

    /// Returns `nil` outside 0...9, so an out-of-range setting from a config file is
    /// rejected where it is read rather than deep inside zlib.
    public init?(_ value: Int) {
        guard (0...9).contains(value) else { return nil }
        self.value = Int32(value)
    }

    private init(exactly value: Int32) { self.value = value }

    /// zlib's own balance (level 6).
    public static let `default` = CompressionLevel(exactly: 6)
    /// Fastest deflate that still compresses (level 1), for latency-sensitive batches.
    public static let fastest = CompressionLevel(exactly: 1)
    /// Smallest output (level 9), for data that is written once and kept, like log segments.
    public static let smallest = CompressionLevel(exactly: 9)
}
