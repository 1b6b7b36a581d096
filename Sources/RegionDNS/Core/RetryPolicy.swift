import Foundation

/// Exponential backoff with jitter, so that agents retrying against a provider that is
/// back do not all hit it in the same instant.
public struct RetryPolicy: Sendable, Equatable {
    public var initialDelay: Duration
    public var maximumDelay: Duration
    public var multiplier: Double
    /// Each delay is spread uniformly over ±`jitter` of itself (0.2 = ±20 %).
    public var jitter: Double

    public init(initialDelay: Duration = .milliseconds(500), maximumDelay: Duration = .seconds(20), multiplier: Double = 2, jitter: Double = 0.2) {
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
        self.multiplier = multiplier
        self.jitter = min(max(jitter, 0), 1)
    }

    /// The pause after `failedAttempts` consecutive failures (1 for the first).
    /// - Parameter jitterSample: a number in [0, 1) from the caller's random source.
    public func delay(afterFailedAttempts failedAttempts: Int, jitterSample: Double) -> Duration {
        let exponent = Double(max(failedAttempts - 1, 0))
        let base = min(initialDelay.asSeconds * pow(multiplier, exponent), maximumDelay.asSeconds)
        let spread = 1 + jitter * (2 * min(max(jitterSample, 0), 1) - 1)
        return .milliseconds(Int64((base * spread * 1000).rounded()))
    }
}

extension Duration {
    var asSeconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
