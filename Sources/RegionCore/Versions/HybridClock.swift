/// A region's hybrid logical clock: issues strictly increasing HLCs that stay close to
/// physical time, and absorbs the HLCs it sees from peers so later local events order after
/// them.
///
/// The clock never reads time itself; the caller passes the physical time in, which keeps
/// it replayable in the simulator.
///
/// ## Clock-skew guard
/// A remote HLC more than `maxSkew` ahead of local physical time is not adopted wholesale:
/// the clock advances at most to the end of the millisecond `physical + maxSkew`, and the
/// observation is reported as skewed (and counted in `skewedObservations`) so the shell can
/// raise a metric and an alarm. One peer with a clock set hours ahead therefore cannot drag
/// every region's clock (and every later version) into the future.
///
/// The row that carried the skewed version is still applied by LWW with its version as is:
/// refusing it would make replicas diverge. Local writes to that row still win over it
/// because `Version.next(previous:now:origin:)` orders a new write after the row's
/// previous version, independently of the clock.
public struct HybridClock: Sendable, Equatable {
    /// The greatest HLC issued or absorbed so far; every later `now` is greater.
    public private(set) var last: HLC
    /// How far ahead of local physical time a remote HLC may be before it is flagged.
    public let maxSkew: Duration
    /// Observations flagged as skewed since this clock was created.
    public private(set) var skewedObservations: Int = 0

    /// - Parameters:
    ///   - last: the HLC persisted before a restart, so the clock never goes backwards.
    ///   - maxSkew: `ReplicationSettings.maxClockSkew` (default 500 ms).
    public init(last: HLC = .zero, maxSkew: Duration = .milliseconds(500)) {
        self.last = last
        self.maxSkew = maxSkew
    }

    /// An HLC for a local event at `physical` time: `max(physical, last + 1)`.
    public mutating func now(physical: Timestamp) -> HLC {
        let issued = Swift.max(HLC(physical), last.successor)
        last = issued
        return issued
    }

    /// Absorbs a remote HLC received at local `physical` time, so the next local HLC orders
    /// after it (within the skew bound).
    public mutating func observe(remote: HLC, physical: Timestamp) -> ClockObservation {
        let aheadMilliseconds = remote.physicalMilliseconds - physical.milliseconds
        let bound = HLC.endOfMillisecond(physical.milliseconds + maxSkew.milliseconds)
        let isSkewed = aheadMilliseconds > maxSkew.milliseconds
        let absorbed = isSkewed ? bound : remote
        last = Swift.max(last, absorbed)
        guard isSkewed else { return ClockObservation(clock: last, skew: nil) }
        skewedObservations += 1
        let skew = ClockSkew(remote: remote, localPhysical: physical, ahead: .milliseconds(aheadMilliseconds), limit: maxSkew)
        return ClockObservation(clock: last, skew: skew)
    }
}
