/// Replication lag samples of one tier, in 10 ms buckets up to 20 minutes (the last bucket
/// holds everything longer): exact enough for a p99 and bounded in memory however long
/// the run.
///
/// Buckets exist up to the longest lag seen so far: most lags are seconds, so a run touches
/// a few kilobytes instead of zeroing (and page-faulting) the whole 20 minutes of buckets.
struct LagHistogram {
    static let bucketMilliseconds: Int64 = 10
    static let bucketCount = 120_000

    private var buckets: [UInt32] = []
    private(set) var count = 0

    /// Records `rows` rows delivered with the same lag.
    mutating func record(milliseconds: Int64, rows: Int = 1) {
        let index = Int(min(max(milliseconds, 0) / Self.bucketMilliseconds, Int64(Self.bucketCount - 1)))
        if index >= buckets.count { buckets += repeatElement(0, count: index + 1 - buckets.count) }
        buckets[index] &+= UInt32(truncatingIfNeeded: rows)
        count += rows
    }

    /// The smallest lag, in seconds, that at least `fraction` of the samples do not exceed;
    /// 0 without samples.
    func quantile(_ fraction: Double) -> Double {
        guard count > 0 else { return 0 }
        let rank = Int((Double(count) * fraction).rounded(.up))
        var seen = 0
        for (index, bucketCount) in buckets.enumerated() {
            seen += Int(bucketCount)
            if seen >= rank { return Double(Int64(index + 1) * Self.bucketMilliseconds) / 1000 }
        }
        return Double(Int64(Self.bucketCount) * Self.bucketMilliseconds) / 1000
    }
}
