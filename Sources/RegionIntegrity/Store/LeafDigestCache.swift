import RegionCore

/// The leaf digests of the check each requester is running, so the descent after a
/// whole-table summary reads no rows again.
///
/// One entry per requester (a check goes table by table): a whole-table summary replaces it,
/// a row listing of its table ends the descent and drops it. Memory stays at most one
/// table's leaves per peer.
actor LeafDigestCache {
    private struct Entry {
        var table: String
        var floor: HLC?
        var leaves: LeafDigests
    }

    private var entries: [RegionName: Entry] = [:]

    func store(_ leaves: LeafDigests, table: String, floor: HLC?, for requester: RegionName) {
        entries[requester] = Entry(table: table, floor: floor, leaves: leaves)
    }

    func leaves(table: String, floor: HLC?, for requester: RegionName) -> LeafDigests? {
        guard let entry = entries[requester], entry.table == table, entry.floor == floor else { return nil }
        return entry.leaves
    }

    func drop(table: String, for requester: RegionName) {
        if entries[requester]?.table == table { entries[requester] = nil }
    }
}
