import RegionCore

/// A change received from a peer, in the form the applier needs: the row's key, version and
/// new content, or no content for a delete (a tombstone).
public struct RemoteChange: Sendable, Equatable, Codable {
    /// The table's name as written in regions.yaml.
    public var table: String
    /// The primary key as a JSON object (`{"id": 7}`).
    public var primaryKey: String
    public var version: Version
    /// The whole row as a JSON object; nil deletes the row.
    public var row: String?

    public init(table: String, primaryKey: String, version: Version, row: String?) {
        self.table = table
        self.primaryKey = primaryKey
        self.version = version
        self.row = row
    }

    public var isDelete: Bool { row == nil }
}

/// What applying one batch did.
public struct ApplyOutcome: Sendable, Equatable {
    /// Changes in the batch.
    public var received: Int
    /// Changes that were newer than the local version and were written.
    public var applied: Int
    /// Changes that lost to a local version written in another region than theirs: writes
    /// discarded by last-write-wins because a newer write from elsewhere existed here. A
    /// duplicate or a late copy of a change this region already holds is not counted.
    public var conflicts: Int
    /// Changes that lost to the local version (older, equal, or a duplicate).
    public var ignored: Int { received - applied }

    public init(received: Int, applied: Int, conflicts: Int = 0) {
        self.received = received
        self.applied = applied
        self.conflicts = conflicts
    }
}

/// Why a batch was refused before anything of it was applied.
public enum ApplyError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownTable(String)

    public var description: String {
        switch self {
        case .unknownTable(let table):
            "a peer sent changes for table '\(table)', which no tier of this region's regions.yaml replicates; make every region use the same regions.yaml"
        }
    }
}
