import RegionCore

/// The outcome of checking one table against one peer in a scheduled round, as the agent
/// shows it in `/v1/integrity/status`: figures only, never keys or row content.
public struct IntegrityRunRecord: Sendable, Equatable, Codable {
    public var peer: RegionName
    public var table: String
    /// Wall-clock milliseconds since the Unix epoch.
    public var finishedAtMilliseconds: Int64
    public var rowsCompared: Int
    public var blocksCompared: Int
    public var differing: Int
    public var repaired: Int
    public var unrepaired: Int
    public var inFlight: Int
    public var bytesExchanged: Int
    public var durationMilliseconds: Int64
    /// Why the check did not complete (peer unreachable, refused); nil when it did.
    public var failure: String?

    public init(
        peer: RegionName, table: String, finishedAt: Timestamp, rowsCompared: Int = 0, blocksCompared: Int = 0, differing: Int = 0,
        repaired: Int = 0, unrepaired: Int = 0, inFlight: Int = 0, bytesExchanged: Int = 0, durationMilliseconds: Int64 = 0,
        failure: String? = nil
    ) {
        self.peer = peer
        self.table = table
        finishedAtMilliseconds = finishedAt.milliseconds
        self.rowsCompared = rowsCompared
        self.blocksCompared = blocksCompared
        self.differing = differing
        self.repaired = repaired
        self.unrepaired = unrepaired
        self.inFlight = inFlight
        self.bytesExchanged = bytesExchanged
        self.durationMilliseconds = durationMilliseconds
        self.failure = failure
    }

    public init(_ result: TableCheckResult, bytesExchanged: Int, duration: Duration, finishedAt: Timestamp) {
        self.init(
            peer: result.peer, table: result.table, finishedAt: finishedAt, rowsCompared: result.rowsCompared,
            blocksCompared: result.blocksCompared, differing: result.differing, repaired: result.repaired,
            unrepaired: result.unrepaired.count, inFlight: result.inFlight, bytesExchanged: bytesExchanged,
            durationMilliseconds: duration.milliseconds)
    }
}
