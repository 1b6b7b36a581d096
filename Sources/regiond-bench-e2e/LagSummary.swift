import Foundation

/// Percentiles of a set of lags, in milliseconds.
struct LagSummary {
    var count: Int
    var p50: Double
    var p99: Double
    var max: Double

    init(milliseconds samples: [Double]) {
        let sorted = samples.sorted()
        count = sorted.count
        func percentile(_ fraction: Double) -> Double {
            guard !sorted.isEmpty else { return 0 }
            return sorted[min(sorted.count - 1, Int((Double(sorted.count) * fraction).rounded(.up)) - 1)]
        }
        p50 = percentile(0.5)
        p99 = percentile(0.99)
        max = sorted.last ?? 0
    }

    var description: String {
        String(format: "p50 %.0f ms, p99 %.0f ms, max %.0f ms over %d applied rows", p50, p99, max, count)
    }
}
