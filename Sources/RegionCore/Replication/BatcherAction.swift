/// What a `TierBatcher` asks its shell to do.
public enum BatcherAction: Hashable, Sendable {
    /// Compress (if the batch says so), sign and send the batch to its peer; report the
    /// outcome with `acknowledged` or `failed`.
    case send(OutboundBatch)
    /// Persist the peer's cursor: every changelog entry up to this sequence number has been
    /// delivered or needs no delivery (filtered or blocked), so it may be read past and purged.
    case advanceCursor(to: Int64)
    /// The backlog for this peer and tier crossed a limit; raised once until cleared.
    case backlogAlarm(BacklogAlarm)
    /// The backlog is back under every limit.
    case backlogCleared(peer: RegionName, tier: String)
}

/// Why a backlog alarm fired, with the figures for the alert text.
public struct BacklogAlarm: Hashable, Sendable, CustomStringConvertible {
    public enum Cause: Hashable, Sendable {
        /// More changes waiting than `BatcherSettings.backlogLimit`.
        case rowLimit(Int)
        /// The oldest undelivered change is older than the tier's lag objective.
        case lagObjective(Duration)
    }

    public var peer: RegionName
    public var tier: String
    public var cause: Cause
    /// Changes queued or in flight.
    public var rows: Int
    /// Age of the oldest undelivered change.
    public var lag: Duration

    public init(peer: RegionName, tier: String, cause: Cause, rows: Int, lag: Duration) {
        self.peer = peer
        self.tier = tier
        self.cause = cause
        self.rows = rows
        self.lag = lag
    }

    public var description: String {
        switch cause {
        case .rowLimit(let limit):
            "\(rows) \(tier) changes waiting for \(peer) (limit \(limit)): is \(peer) reachable?"
        case .lagObjective(let objective):
            "\(tier) lag to \(peer) is \(lag.milliseconds) ms, over its \(objective.milliseconds) ms objective"
        }
    }
}
