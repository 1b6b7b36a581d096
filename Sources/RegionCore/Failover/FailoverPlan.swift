/// One result of `FailoverPlanner`: the DNS state to publish and why it looks the way it does.
public struct FailoverPlan: Sendable, Equatable {
    public var state: DesiredDNSState
    /// Regions back in the view but kept out of DNS until replication caught up, config order.
    public var awaitingCatchUp: [RegionName]
    /// Geos for which no region was available: their answer is the last one published
    /// (never an empty answer), and the agent raises an alarm.
    public var geosWithoutAvailableRegion: [String]

    public init(state: DesiredDNSState, awaitingCatchUp: [RegionName] = [], geosWithoutAvailableRegion: [String] = []) {
        self.state = state
        self.awaitingCatchUp = awaitingCatchUp
        self.geosWithoutAvailableRegion = geosWithoutAvailableRegion
    }
}
