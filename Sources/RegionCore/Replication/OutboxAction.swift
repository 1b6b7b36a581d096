/// What a `ReplicationOutbox` asks its shell to do.
public enum OutboxAction: Hashable, Sendable {
    /// Compress (if asked), sign and send the batch; report the outcome to the outbox.
    case send(OutboundBatch)
    /// The peer acknowledged the batch: write its `transferEvents` to the residency log.
    case delivered(OutboundBatch)
    /// A change was kept from a peer by residency: write the `blocked` record.
    case blocked(ResidencyDecisionEvent)
    /// The origin itself holds a row its class forbids there (the application wrote it in
    /// the wrong region); count and report it, regiond cannot undo the write.
    case originViolation(OriginViolation)
    /// Persist the peer's changelog cursor: every entry up to here is delivered to the peer
    /// or needs no delivery, in every tier.
    case advanceCursor(peer: RegionName, to: Int64)
    case backlogAlarm(BacklogAlarm)
    case backlogCleared(peer: RegionName, tier: String)
}

/// A row stored in a region its residency class does not allow.
public struct OriginViolation: Hashable, Sendable {
    public var table: String
    /// For digesting into the log, never to be written out.
    public var key: RowKey
    public var className: String
    public var region: RegionName

    public init(table: String, key: RowKey, className: String, region: RegionName) {
        self.table = table
        self.key = key
        self.className = className
        self.region = region
    }
}

extension OutboundBatch {
    /// One `transfer` fact per change, for the residency log once the peer acknowledged.
    public func transferEvents(from origin: RegionName) -> [ResidencyDecisionEvent] {
        changes.map { change in
            ResidencyDecisionEvent(
                kind: .transfer, payload: change.row.isTombstone ? .tombstone : .row, table: change.row.table,
                key: change.row.key, className: change.residencyClass, from: origin, to: peer)
        }
    }
}
