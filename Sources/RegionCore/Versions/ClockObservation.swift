/// The outcome of absorbing a remote HLC into the local clock.
public struct ClockObservation: Sendable, Equatable {
    /// The local clock's `last` after the observation.
    public var clock: HLC
    /// Set when the remote HLC was further ahead than the skew guard allows; the shell
    /// counts it as a metric and alarms (the clock was capped, the row still applies).
    public var skew: ClockSkew?

    public init(clock: HLC, skew: ClockSkew?) {
        self.clock = clock
        self.skew = skew
    }

    public var isSkewed: Bool { skew != nil }
}

/// A remote HLC found too far in the future, with the figures an operator needs to find
/// the peer whose clock is wrong.
public struct ClockSkew: Sendable, Equatable, CustomStringConvertible {
    public var remote: HLC
    public var localPhysical: Timestamp
    /// How far the remote physical time was ahead of local physical time.
    public var ahead: Duration
    /// The configured `maxClockSkew` it exceeded.
    public var limit: Duration

    public init(remote: HLC, localPhysical: Timestamp, ahead: Duration, limit: Duration) {
        self.remote = remote
        self.localPhysical = localPhysical
        self.ahead = ahead
        self.limit = limit
    }

    public var description: String {
        "remote clock \(ahead.milliseconds) ms ahead (limit \(limit.milliseconds) ms): check NTP on the sending region"
    }
}
