/// Last-write-wins conflict resolution between the copy of a row a region holds and an
/// incoming copy.
///
/// The winner is the copy with the greater `Version` (hlc, then origin). Tombstones are
/// ordinary copies with a version, which gives both delete rules for free:
/// - a late update older than a delete loses to the tombstone, so a deleted row is never
///   resurrected by a delayed message;
/// - a delete older than the row's current version loses to the row, so it is ignored.
///
/// Merging is `max` under a total order, hence commutative, associative and idempotent:
/// replicas that receive the same set of copies, in any order and with duplicates, hold the
/// same row.
///
/// Exact version ties between a row and a tombstone are normal: when a row's class changes,
/// the regions it must leave get a tombstone carrying the very version the row keeps where
/// it may stay. That tombstone means "not here", not "deleted", so at equal versions the row
/// wins; a real delete always has a newer version than the row it deletes. Ties between two
/// different rows cannot arise from well-formed histories (an origin never issues one
/// version twice for a row) but are broken by row contents so replicas cannot diverge.
public enum LWWMerge {
    /// Whether `incoming` should replace `local`.
    public static func decide(local: VersionedRow?, incoming: VersionedRow) -> MergeDecision {
        guard let local else { return .apply }
        if incoming.version != local.version {
            return incoming.version > local.version ? .apply : .ignore(.stale)
        }
        if incoming.values == local.values { return .ignore(.duplicate) }
        return tieBreakPrefers(incoming, over: local) ? .apply : .ignore(.stale)
    }

    /// The winning copy of two copies of the same row.
    public static func merge(_ lhs: VersionedRow, _ rhs: VersionedRow) -> VersionedRow {
        decide(local: lhs, incoming: rhs) == .apply ? rhs : lhs
    }

    private static func tieBreakPrefers(_ candidate: VersionedRow, over other: VersionedRow) -> Bool {
        switch (candidate.values, other.values) {
        case (nil, _): false
        case (_, nil): true
        case (let candidateValues?, let otherValues?): candidateValues.canonical > otherValues.canonical
        }
    }
}

/// What to do with an incoming copy of a row.
public enum MergeDecision: Hashable, Sendable {
    /// The incoming copy wins: store it (insert, update, or delete for a tombstone).
    case apply
    /// The local copy wins or is the same; leave it.
    case ignore(IgnoreReason)

    public enum IgnoreReason: Hashable, Sendable {
        /// The local copy is newer (a late update after a delete, or a delete older than the row).
        case stale
        /// The very same version is already held (redelivery).
        case duplicate
    }
}
