import RegionCore

/// The rows one retention rule removed from one table in one run.
public struct RetentionPurge: Sendable, Equatable {
    public var table: String
    public var className: String?
    public var keep: Duration
    public var rows: Int
    public var batches: Int
}
