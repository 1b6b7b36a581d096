/// Identifies a batch among those one batcher has cut; acknowledgements and failures name it.
public struct BatchID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var rawValue: UInt64

    public init(rawValue: UInt64) { self.rawValue = rawValue }

    public static func < (lhs: BatchID, rhs: BatchID) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String { "#\(rawValue)" }
}

/// A batch of changes for one peer and tier, ready to compress, sign and send.
///
/// A retry resends the same batch (same id and rows, higher `attempt`): the receiver's
/// LWW apply is idempotent, so delivering it twice is harmless.
public struct OutboundBatch: Hashable, Sendable, Codable {
    public var id: BatchID
    public var peer: RegionName
    public var tier: String
    /// Whether the tier asks for compression on the wire.
    public var compress: Bool
    /// The changelog sequence numbers the batch covers, first to last (the peer protocol's
    /// cursor range); changes coalesced away inside it are covered too.
    public var sequences: ClosedRange<Int64>
    /// At most one change per row: newer changes to a row replace older ones while queued.
    public var changes: [OutboundChange]
    public var bytes: Int
    /// 1 for the first send, incremented on each retry.
    public var attempt: Int

    public init(
        id: BatchID, peer: RegionName, tier: String, compress: Bool, sequences: ClosedRange<Int64>,
        changes: [OutboundChange], bytes: Int, attempt: Int = 1
    ) {
        self.id = id
        self.peer = peer
        self.tier = tier
        self.compress = compress
        self.sequences = sequences
        self.changes = changes
        self.bytes = bytes
        self.attempt = attempt
    }

    public var rows: [VersionedRow] { changes.map(\.row) }
}
