import RegionCore

/// Which records an auditor's query selects. Empty sets and `nil` bounds select everything.
public struct AuditRecordFilter: Sendable, Hashable {
    /// Inclusive lower bound on `time`.
    public var since: Timestamp?
    /// Exclusive upper bound on `time`.
    public var until: Timestamp?
    public var kinds: Set<AuditEventKind>
    public var classes: Set<String>
    public var destinations: Set<RegionName>

    public init(
        since: Timestamp? = nil, until: Timestamp? = nil, kinds: Set<AuditEventKind> = [],
        classes: Set<String> = [], destinations: Set<RegionName> = []
    ) {
        self.since = since
        self.until = until
        self.kinds = kinds
        self.classes = classes
        self.destinations = destinations
    }

    public func matches(_ record: AuditRecord) -> Bool {
        if let since, record.time < since { return false }
        if let until, record.time >= until { return false }
        if !kinds.isEmpty && !kinds.contains(record.kind) { return false }
        if !classes.isEmpty && !classes.contains(record.residencyClass ?? "") { return false }
        if !destinations.isEmpty && !(record.to.map(destinations.contains) ?? false) { return false }
        return true
    }
}
