import RegionCore

/// One check of a region's health (an HTTP endpoint, a TCP port, its database), as the
/// prober runs it. Throws a `HealthCheckFailure` saying what failed.
protocol HealthCheck: Sendable {
    /// Names the check in failure reasons ("http http://...", "postgres seoul").
    var label: String { get }
    /// Runs the check once and returns how long it took.
    func run() async throws(HealthCheckFailure) -> Duration
}

/// Why a health check failed, in words an SRE reads in status and logs.
struct HealthCheckFailure: Error, Sendable, Equatable, CustomStringConvertible {
    var reason: String

    init(_ reason: String) { self.reason = reason }

    var description: String { reason }
}
