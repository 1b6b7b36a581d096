import Foundation
import RegionCore

/// Where the agent's shell reads the time: the only clock its decisions ever see.
///
/// The production agent uses `SystemAgentClock`; tests pass a clock they move by hand, so
/// the runtime's behaviour over minutes is checked in microseconds without timing races.
public protocol AgentClock: Sendable {
    func now() -> Timestamp
    /// Suspends until `deadline` on this clock, or until the task is cancelled.
    func sleep(until deadline: Timestamp) async throws
}

/// The wall clock (milliseconds since the Unix epoch), as peers expect in signed requests
/// and observations.
public struct SystemAgentClock: AgentClock {
    public init() {}

    public func now() -> Timestamp {
        Timestamp(milliseconds: Int64((Date().timeIntervalSince1970 * 1000).rounded()))
    }

    public func sleep(until deadline: Timestamp) async throws {
        let remaining = deadline - now()
        guard remaining > .zero else { return }
        try await Task.sleep(for: remaining)
    }
}
