/// Names some blocks of a table, over the rows both the answering region and `requester`
/// may hold. The check asks first for their digests, then, for the blocks that differ at the
/// deepest level, for their rows: both questions take the same scope.
public struct IntegrityBlocksRequest: Hashable, Sendable, Codable {
    public var requester: RegionName
    public var table: String
    /// Rows older than this are left out (retention may have purged them); nil compares all.
    public var floor: HLC?
    /// All at one level, in ascending order.
    public var blocks: [BlockAddress]

    public init(requester: RegionName, table: String, floor: HLC?, blocks: [BlockAddress]) {
        self.requester = requester
        self.table = table
        self.floor = floor
        self.blocks = blocks
    }
}

/// The digests of the requested blocks that hold rows; a block left out is empty.
public struct IntegritySummaryResponse: Hashable, Sendable, Codable {
    public var summaries: [BlockSummary]

    public init(summaries: [BlockSummary]) { self.summaries = summaries }
}

/// Asks for the digests of some blocks (`POST /v1/integrity/summary`).
public typealias IntegritySummaryRequest = IntegrityBlocksRequest

/// Asks for the row-by-row listing (keys, versions, content digests; no row content) of
/// some blocks (`POST /v1/integrity/rows`).
public typealias IntegrityRowsRequest = IntegrityBlocksRequest

public struct IntegrityRowsResponse: Hashable, Sendable, Codable {
    public var rows: [RowEntry]

    public init(rows: [RowEntry]) { self.rows = rows }
}

/// Asks for the current content of rows the check found newer here
/// (`POST /v1/integrity/fetch`). The answer holds only rows `requester` may store.
public struct IntegrityFetchRequest: Hashable, Sendable, Codable {
    public var requester: RegionName
    public var table: String
    /// Primary keys as JSON objects, as listed.
    public var keys: [String]

    public init(requester: RegionName, table: String, keys: [String]) {
        self.requester = requester
        self.table = table
        self.keys = keys
    }
}

/// A row as the repair ships it: key, version and the whole row as a JSON object, or no row
/// for a tombstone.
public struct RepairRow: Hashable, Sendable, Codable {
    public var key: String
    public var version: Version
    public var row: String?

    public init(key: String, version: Version, row: String?) {
        self.key = key
        self.version = version
        self.row = row
    }
}

public struct IntegrityFetchResponse: Hashable, Sendable, Codable {
    public var rows: [RepairRow]

    public init(rows: [RepairRow]) { self.rows = rows }
}

/// Repairs sent to a region (`POST /v1/integrity/repair`).
public struct IntegrityRepairRequest: Hashable, Sendable, Codable {
    public var requester: RegionName
    public var table: String
    /// Applied last-write-wins: written only where newer than the region's version.
    public var newer: [RepairRow]
    /// Same-version content: written only while the region still holds exactly that version.
    public var restores: [RepairRow]

    public init(requester: RegionName, table: String, newer: [RepairRow], restores: [RepairRow]) {
        self.requester = requester
        self.table = table
        self.newer = newer
        self.restores = restores
    }
}

public struct IntegrityRepairResponse: Hashable, Sendable, Codable {
    /// Rows written.
    public var applied: Int
    /// Rows refused because this region may not hold them (residency re-check).
    public var refused: Int
    /// Rows skipped because the region's version moved on meanwhile.
    public var stale: Int

    public init(applied: Int, refused: Int, stale: Int) {
        self.applied = applied
        self.refused = refused
        self.stale = stale
    }
}
