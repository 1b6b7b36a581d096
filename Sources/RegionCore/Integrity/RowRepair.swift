/// Which of the two regions in a check.
public enum CheckSide: String, Hashable, Sendable, Codable {
    case local, remote

    public var other: CheckSide { self == .local ? .remote : .local }
}

/// How one differing row is made equal in both regions.
public enum RowRepair: Hashable, Sendable {
    /// Ship the winner's row (or tombstone) to the other side, applied last-write-wins.
    case ship(from: CheckSide, tombstone: Bool)
    /// Both hold the same version but `to` lost or changed its content: overwrite it with the
    /// winner's content, only while its version is still that one.
    case restore(from: CheckSide, version: Version)
    /// A row written behind regiond's back exists on one side only, with no version: record
    /// it on both sides with the lowest version of its holder, so any real write wins over it.
    case adopt(from: CheckSide)
}

/// Why a difference cannot be repaired safely; each is raised as an alarm.
public enum UnrepairableReason: Hashable, Sendable, CustomStringConvertible {
    /// Same version, different content, and neither region wrote that version.
    case sameVersionNoOrigin(Version)
    /// The newest version's row is gone; only an older copy remains.
    case newestCopyLost(Version, holder: CheckSide)
    /// The regions disagree on the row's residency class at the same version.
    case residencyDisagreement(Version?)
    /// Neither copy carries a version and their contents differ.
    case unversionedConflict
    /// A row and a tombstone carry the same version.
    case deletedAndLive(Version)

    public var description: String {
        switch self {
        case .sameVersionNoOrigin(let version):
            "both regions hold version \(version) with different content and neither wrote it; run the check against \(version.origin) to repair"
        case .newestCopyLost(let version, let holder):
            "the \(holder) region's newest version \(version) lost its row; restore it from a backup or rewrite the row"
        case .residencyDisagreement(let version):
            "the regions classify the row differently at version \(version.map(\.description) ?? "none"); its residency column was changed behind regiond's back, rewrite the row through the application"
        case .unversionedConflict:
            "both regions hold different copies written behind regiond's back; rewrite the row through the application"
        case .deletedAndLive(let version):
            "version \(version) is a delete in one region and a row in the other; rewrite or delete the row through the application"
        }
    }
}

/// One row the regions disagree on, and what to do about it.
public struct RowDivergence: Hashable, Sendable {
    public enum Resolution: Hashable, Sendable {
        case repair(RowRepair)
        case unrepairable(UnrepairableReason)
    }

    public var key: String
    public var local: RowCopy?
    public var remote: RowCopy?
    public var resolution: Resolution

    public init(key: String, local: RowCopy?, remote: RowCopy?, resolution: Resolution) {
        self.key = key
        self.local = local
        self.remote = remote
        self.resolution = resolution
    }
}
