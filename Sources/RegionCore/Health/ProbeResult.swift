/// How one probe of a target ended, as measured by the shell that ran it.
///
/// The shell reports what it saw; the core decides what it means (a success slower than
/// the configured timeout still counts as a failure, so every agent applies the same rule
/// whatever its prober's own deadline was).
public enum ProbeOutcome: Sendable, Equatable {
    /// The target answered healthy after `latency`.
    case success(latency: Duration)
    /// The target answered unhealthy, refused the connection, or did not answer at all.
    /// `reason` is shown in status and logs.
    case failure(reason: String)
}

/// The completion of a probe the core asked for with `AgentAction.probe`.
///
/// `sequence` echoes the request, so a late answer to a probe the core already counted as
/// timed out is recognised and ignored instead of being credited to a newer probe.
public struct ProbeResult: Sendable, Equatable {
    public var target: RegionName
    public var sequence: UInt64
    public var outcome: ProbeOutcome

    public init(target: RegionName, sequence: UInt64, outcome: ProbeOutcome) {
        self.target = target
        self.sequence = sequence
        self.outcome = outcome
    }
}
