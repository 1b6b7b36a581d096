import Logging
import RegionCore

/// The residency log for concurrent callers: an actor that owns a `ResidencyLogStore`, so
/// the replicator, the receiver, the DNS coordinator and the retention job of one agent can
/// all append to the region's single chain.
///
/// Appends are durable when they return (see the store's fsync policy). They block the
/// actor's executor for the length of a write and an fsync, which is why callers should
/// append a batch's events in one call.
public actor ResidencyLog {
    private let store: ResidencyLogStore

    /// Opens (creating if needed) the log in `directory` and resumes its chain.
    public init(directory: String, configuration: ResidencyLogConfiguration = .init(), logger: Logger) throws {
        store = try ResidencyLogStore(directory: directory, configuration: configuration, logger: logger)
    }

    /// See `ResidencyLogStore.append(_:at:)`.
    @discardableResult
    public func append(_ events: [AuditEvent], at time: Timestamp) throws -> [AuditRecord] {
        try store.append(events, at: time)
    }

    @discardableResult
    public func append(_ event: AuditEvent, at time: Timestamp) throws -> AuditRecord {
        try store.append(event, at: time)
    }

    /// The last record's sequence number and hash: an anchor to publish or compare.
    public var head: (seq: UInt64, hash: AuditDigest) { (store.lastSeq, store.lastHash) }

    /// See `ResidencyLogStore.closeOpenSegment()`.
    public func closeOpenSegment() throws { try store.closeOpenSegment() }
}
