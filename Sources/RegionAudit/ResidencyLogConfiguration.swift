/// When appended records are forced to stable storage.
public enum ResidencyLogDurability: Sendable, Hashable {
    /// fsync after every record: nothing acknowledged is ever lost, at one fsync per record.
    case everyRecord
    /// One write and one fsync per `append` call: a batch is durable as a whole before
    /// `append` returns, so callers that append a replication batch's events together pay
    /// one fsync per batch. The default.
    case everyBatch
}

/// How a residency log is written.
public struct ResidencyLogConfiguration: Sendable, Hashable {
    /// The open segment is closed (compressed, digested) once it reaches this size…
    public var maxSegmentBytes: Int
    /// …or this many records, whichever comes first.
    public var maxSegmentRecords: Int
    public var durability: ResidencyLogDurability

    public init(maxSegmentBytes: Int = 16 << 20, maxSegmentRecords: Int = 100_000, durability: ResidencyLogDurability = .everyBatch) {
        self.maxSegmentBytes = max(1, maxSegmentBytes)
        self.maxSegmentRecords = max(1, maxSegmentRecords)
        self.durability = durability
    }
}
