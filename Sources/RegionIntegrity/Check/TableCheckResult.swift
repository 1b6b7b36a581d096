import RegionCore

/// What checking one table against one peer found and did.
public struct TableCheckResult: Sendable, Equatable {
    public var table: String
    public var local: RegionName
    public var peer: RegionName
    /// Rows both regions may hold, covered by the compared digests (the larger side's count).
    public var rowsCompared = 0
    /// Block digests compared, over every round of the descent.
    public var blocksCompared = 0
    /// Rows listed one by one in the blocks that differed.
    public var rowsListed = 0
    /// Differing rows newer than the replication horizon, left to replication.
    public var inFlight = 0
    /// Differing rows found (excluding those in flight).
    public var differing = 0
    /// Differing rows that a second comparison after the repair found equal.
    public var repaired = 0
    /// Keys (as JSON objects) still differing after the repair, each with the reason.
    public var unrepaired: [UnrepairedRow] = []
    /// Keys of rows shipped to each side by the repair (for the residency log; never logged raw).
    public var shippedToPeer: [String] = []
    public var shippedToLocal: [String] = []
    /// Keys of every differing row found.
    public var differingKeys: [String] = []

    public init(table: String, local: RegionName, peer: RegionName) {
        self.table = table
        self.local = local
        self.peer = peer
    }
}

/// A row the check could not bring into agreement.
public struct UnrepairedRow: Sendable, Equatable {
    public var key: String
    public var reason: String

    public init(key: String, reason: String) {
        self.key = key
        self.reason = reason
    }
}
