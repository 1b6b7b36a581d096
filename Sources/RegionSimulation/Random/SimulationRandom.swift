import Foundation
import RegionCore

/// A seeded xoshiro256** generator: fast, small state, good statistical quality, and
/// above all reproducible on every platform (the system RNG is never used).
///
/// Each concern of the simulated world (load, network, faults, ...) draws from its own
/// stream, so adding a fault to a scenario does not reshuffle the write load.
public struct SimulationRandom: RandomNumberGenerator, Sendable {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    /// Seeds the four state words from SplitMix64, as the xoshiro authors recommend.
    public init(seed: UInt64) {
        var mixer = SplitMix64(seed: seed)
        state = (mixer.next(), mixer.next(), mixer.next(), mixer.next())
    }

    /// An independent stream for one concern of one run.
    public init(seed: UInt64, stream: RandomStream) {
        var mixer = SplitMix64(seed: seed)
        let base = mixer.next()
        self.init(seed: base ^ (stream.rawValue &* 0x9E37_79B9_7F4A_7C15))
    }

    public mutating func next() -> UInt64 {
        let result = rotateLeft(state.1 &* 5, 7) &* 9
        let shifted = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= shifted
        state.3 = rotateLeft(state.3, 45)
        return result
    }

    /// Uniform in [0, 1) with 53 bits of precision.
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// True with probability `p`.
    public mutating func chance(_ p: Double) -> Bool {
        p > 0 && nextUnit() < p
    }

    /// Uniform integer in `0..<bound` (bound > 0), without modulo bias worth caring about
    /// at simulation sizes (Lemire's multiply-shift).
    public mutating func below(_ bound: Int) -> Int {
        Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// Number of events of a Poisson process with the given mean: Knuth's method for small
    /// means, a rounded normal approximation for large ones (faster, indistinguishable here).
    public mutating func poisson(mean: Double) -> Int {
        guard mean > 0 else { return 0 }
        if mean > 30 {
            let u1 = max(nextUnit(), .leastNonzeroMagnitude)
            let u2 = nextUnit()
            let normal = (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
            return max(0, Int((mean + normal * mean.squareRoot()).rounded()))
        }
        let limit = exp(-mean)
        var count = 0
        var product = nextUnit()
        while product > limit {
            count += 1
            product *= nextUnit()
        }
        return count
    }

    private func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}

/// The separate random streams of one run.
public enum RandomStream: UInt64, Sendable, CaseIterable {
    case load = 1
    case network = 2
    case dns = 3
    case conflicts = 4
    case classes = 5
    case agents = 6
}

