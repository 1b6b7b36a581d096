extension Version {
    /// The version of a new write to a row: `max(now, previous + 1)`, stamped with `origin`.
    ///
    /// Taking the row's previous version into account is what makes "a write made after
    /// seeing a remote version wins over it" hold even when the writer's clock lags the
    /// remote one: the new hlc is strictly greater than every version this region has seen
    /// for the row, regardless of wall-clock skew.
    public static func next(previous: Version?, now: HLC, origin: RegionName) -> Version {
        guard let previous else { return Version(hlc: now, origin: origin) }
        return Version(hlc: Swift.max(now, previous.hlc.successor), origin: origin)
    }
}
