import Foundation

/// A Poisson distribution drawn from again and again (once per load step): its `exp(-mean)`
/// is worked out once, so a draw costs one uniform number and a short walk up the
/// cumulative distribution instead of an exponential and one uniform number per event.
struct PoissonDraw {
    static let never = PoissonDraw(mean: 0)

    let mean: Double
    /// Probability of no event; the first term of the cumulative walk.
    let zeroProbability: Double

    init(mean: Double) {
        self.mean = max(0, mean)
        zeroProbability = exp(-self.mean)
    }
}

extension SimulationRandom {
    /// Number of events of `draw`'s Poisson process, by inversion for small means (one
    /// uniform number) and the rounded normal approximation of `poisson(mean:)` for large ones.
    mutating func poisson(_ draw: PoissonDraw) -> Int {
        guard draw.mean > 0 else { return 0 }
        guard draw.mean <= 30 else { return poisson(mean: draw.mean) }
        let uniform = nextUnit()
        var term = draw.zeroProbability
        var cumulative = term
        var count = 0
        // Past 4 × mean + 30 the remaining tail is far below one in 2^53: rounding of
        // `cumulative` just short of 1 must not make the walk run on.
        let limit = Int(4 * draw.mean) + 30
        while uniform >= cumulative, count < limit {
            count += 1
            term *= draw.mean / Double(count)
            cumulative += term
        }
        return count
    }
}
