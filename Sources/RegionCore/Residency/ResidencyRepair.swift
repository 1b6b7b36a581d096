extension ResidencyPolicy {
    /// The change a region must route after an incoming row lost to its own copy, when the
    /// copies disagree on where the row may be stored; `nil` when nothing needs repairing.
    ///
    /// Routing assumes each region saw the row's previous version, so it knows where to
    /// send tombstones. Concurrent writes break that: singapore inserts a row for an `SG`
    /// user and ships it everywhere while seoul, not having seen it, inserts the same key for
    /// a `KR` user with a newer version and ships it nowhere. Seoul's copy wins, yet tokyo
    /// keeps singapore's. When singapore's copy reaches seoul and loses, this returns the
    /// update from the losing image to the winning one at the winner's version; routing it
    /// sends tombstones exactly to the regions the loser could reach and the winner may not
    /// (and re-ships the winner where allowed, which LWW makes harmless).
    ///
    /// The repair carries the winner's version, so it only ever loses or ties against what
    /// it meets: it cannot trigger further repairs.
    public func repairChange(incoming: VersionedRow, lostTo local: VersionedRow) -> RowChange? {
        guard let losingValues = incoming.values, local.version > incoming.version else { return nil }
        guard let winningValues = local.values else {
            return .delete(table: local.table, key: local.key, version: local.version, old: losingValues)
        }
        let losingClass = classify(table: incoming.table, row: losingValues)
        let winningClass = classify(table: local.table, row: winningValues)
        guard losingClass != winningClass else { return nil }
        return .update(table: local.table, key: local.key, version: local.version, old: losingValues, new: winningValues)
    }
}
