/// What one region holds for one row key, as the integrity check sees it.
///
/// Only rows both regions may hold are reported `live`; a row this region holds but the
/// other may not is reported `withheld`, with its version and no content digest, so the
/// check can reason about it without the row ever leaving the region.
public enum RowCopy: Hashable, Sendable, Codable {
    /// The row, with its content digest. `version` is nil when regiond never recorded one
    /// (the row was written behind its back, with capture off).
    case live(version: Version?, digest: String)
    /// Deleted; the tombstone's version.
    case tombstone(Version)
    /// regiond recorded a live version but the row itself is gone (deleted behind its back).
    case missing(Version)
    /// Present, but its residency class forbids the other region.
    case withheld(Version?)

    public var version: Version? {
        switch self {
        case .live(let version, _), .withheld(let version): version
        case .tombstone(let version), .missing(let version): version
        }
    }

    public var isLive: Bool {
        if case .live = self { return true }
        return false
    }
}

/// One row of a block listing: its primary key as a JSON object (`{"id": 7}`) and its copy.
public struct RowEntry: Hashable, Sendable, Codable {
    public var key: String
    public var copy: RowCopy

    public init(key: String, copy: RowCopy) {
        self.key = key
        self.copy = copy
    }
}
