extension TombstonePurgePolicy {
    /// The newest tombstone version whose grace has passed at `now`: the same rule as
    /// `isPurgeable`, in a form a database can apply to every tombstone in one statement.
    public func newestPurgeable(now: Timestamp) -> HLC {
        HLC(physicalMilliseconds: (now - grace).milliseconds, logical: UInt16.max)
    }
}
