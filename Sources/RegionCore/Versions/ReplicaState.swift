/// The rows one region holds, tombstones included, merged last-write-wins.
///
/// The in-memory model of what `RegionPostgres` does set-based in a transaction: the
/// simulator replicates with it, and property tests use it to prove that merging converges.
public struct ReplicaState: Sendable, Equatable {
    public private(set) var rows: [RowIdentity: VersionedRow]

    public init(rows: [RowIdentity: VersionedRow] = [:]) { self.rows = rows }

    public subscript(identity: RowIdentity) -> VersionedRow? { rows[identity] }

    public func row(table: String, key: RowKey) -> VersionedRow? { rows[RowIdentity(table: table, key: key)] }

    /// Rows that exist (tombstones excluded).
    public var liveRows: [RowIdentity: VersionedRow] { rows.filter { !$0.value.isTombstone } }

    /// Merges one incoming copy.
    @discardableResult
    public mutating func apply(_ incoming: VersionedRow) -> MergeDecision {
        let decision = LWWMerge.decide(local: rows[incoming.identity], incoming: incoming)
        if decision == .apply { rows[incoming.identity] = incoming }
        return decision
    }

    /// Merges a batch of copies; applying the same batch again changes nothing.
    @discardableResult
    public mutating func apply(batch: some Sequence<VersionedRow>) -> ApplySummary {
        batch.reduce(into: ApplySummary()) { summary, row in summary.count(apply(row)) }
    }

    /// Records a local insert or update and returns the row to replicate, versioned after
    /// whatever copy of the row this region held (see `Version.next`).
    @discardableResult
    public mutating func write(table: String, key: RowKey, values: RowValues, now: HLC, origin: RegionName) -> VersionedRow {
        recordLocal(table: table, key: key, values: values, now: now, origin: origin)
    }

    /// Records a local delete as a tombstone and returns it for replication.
    @discardableResult
    public mutating func delete(table: String, key: RowKey, now: HLC, origin: RegionName) -> VersionedRow {
        recordLocal(table: table, key: key, values: nil, now: now, origin: origin)
    }

    /// Drops tombstones matching `isPurgeable` (the shell decides: every peer acknowledged
    /// them and the grace period has passed).
    public mutating func purgeTombstones(where isPurgeable: (VersionedRow) -> Bool) {
        rows = rows.filter { !($0.value.isTombstone && isPurgeable($0.value)) }
    }

    private mutating func recordLocal(table: String, key: RowKey, values: RowValues?, now: HLC, origin: RegionName) -> VersionedRow {
        let identity = RowIdentity(table: table, key: key)
        let version = Version.next(previous: rows[identity]?.version, now: now, origin: origin)
        let row = VersionedRow(table: table, key: key, version: version, values: values)
        rows[identity] = row
        return row
    }
}

/// Counts of what a batch apply did, for metrics (`conflicts` are stale copies that lost).
public struct ApplySummary: Hashable, Sendable {
    public var applied = 0
    public var stale = 0
    public var duplicates = 0

    public init(applied: Int = 0, stale: Int = 0, duplicates: Int = 0) {
        self.applied = applied
        self.stale = stale
        self.duplicates = duplicates
    }

    mutating func count(_ decision: MergeDecision) {
        switch decision {
        case .apply: applied += 1
        case .ignore(.stale): stale += 1
        case .ignore(.duplicate): duplicates += 1
        }
    }
}
