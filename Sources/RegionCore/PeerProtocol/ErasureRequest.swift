/// The body of `POST /v1/erase` (`regiond erase`): a GDPR / PIPA request to erase one row,
/// carried out by the agent of the region that holds it.
public struct ErasureRequest: Sendable, Equatable, Codable {
    public var table: String
    /// The primary-key values in key order.
    public var key: RowKey
    /// Who asked, for the residency log (`$USER@host` from the CLI).
    public var requestedBy: String

    public init(table: String, key: RowKey, requestedBy: String) {
        self.table = table
        self.key = key
        self.requestedBy = requestedBy
    }

    /// The path of the erasure endpoint.
    public static let path = "/v1/erase"
}

/// What the agent erased: the row count (0 when it held no such row), the row's residency
/// class and the regions its tombstone replicates to.
public struct ErasureReply: Sendable, Equatable, Codable {
    public var region: RegionName
    public var table: String
    public var rows: Int
    public var className: String?
    public var replicatedTo: [RegionName]

    public init(region: RegionName, table: String, rows: Int, className: String?, replicatedTo: [RegionName]) {
        self.region = region
        self.table = table
        self.rows = rows
        self.className = className
        self.replicatedTo = replicatedTo
    }
}
