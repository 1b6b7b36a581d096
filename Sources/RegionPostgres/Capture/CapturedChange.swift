import RegionCore

/// One committed change of a replicated row, as the capture recorded it.
public struct CapturedChange: Sendable, Equatable {
    public enum Operation: String, Sendable, Equatable {
        case insert = "I", update = "U", delete = "D"
    }

    public var position: ChangePosition
    /// The table's name as written in regions.yaml.
    public var table: String
    public var tier: String
    public var operation: Operation
    /// The primary key as a JSON object (`{"id": 7}`), canonical jsonb text.
    public var primaryKey: String
    public var version: Version
    /// Residency class of the row before the change (updates and deletes), nil when none or
    /// undetermined (undetermined rows stay in their origin region).
    public var classBefore: String?
    /// Residency class after the change (inserts and updates).
    public var classAfter: String?
    /// The whole new row as a JSON object; nil for deletes (tombstones carry no data).
    public var row: String?

    public init(
        position: ChangePosition, table: String, tier: String, operation: Operation, primaryKey: String,
        version: Version, classBefore: String?, classAfter: String?, row: String?
    ) {
        self.position = position
        self.table = table
        self.tier = tier
        self.operation = operation
        self.primaryKey = primaryKey
        self.version = version
        self.classBefore = classBefore
        self.classAfter = classAfter
        self.row = row
    }

    /// The change as a peer applies it.
    public var remote: RemoteChange {
        RemoteChange(table: table, primaryKey: primaryKey, version: version, row: operation == .delete ? nil : row)
    }
}

/// What one read of the changelog returned.
public struct ChangeBatch: Sendable {
    /// The changes that passed the filter, in position order.
    public var changes: [CapturedChange]
    /// The last position scanned, including changes the filter dropped: acknowledging it moves
    /// the cursor past filtered changes too, so a stream where everything is filtered still
    /// advances and the changelog can be pruned.
    public var end: ChangePosition
    /// Rows scanned (passed and filtered).
    public var scanned: Int
}
