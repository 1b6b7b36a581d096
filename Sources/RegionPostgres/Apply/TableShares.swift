/// One table's share of a batch: the table's name, how many changes it has, and its
/// changes as the array parameters of `ApplyStatementSQL`.
struct TableShare: Sendable {
    var table: String
    var changes: Int
    /// `[table, keys, versions, origins, deletes, rows]`.
    var parameters: [String?]
}

extension [TableShare] {
    /// Spreads the shares over at most `count` groups of about equal size (largest first, each
    /// into the lightest group), each group in table-name order, so a batch's statements run
    /// in the same order however the tables were grouped.
    func grouped(into count: Int) -> [[TableShare]] {
        var groups = [[TableShare]](repeating: [], count: Swift.max(1, Swift.min(count, self.count)))
        var sizes = [Int](repeating: 0, count: groups.count)
        for share in sorted(by: { $0.changes > $1.changes }) {
            let lightest = sizes.indices.min { sizes[$0] < sizes[$1] } ?? 0
            groups[lightest].append(share)
            sizes[lightest] += share.changes
        }
        return groups.map { $0.sorted { $0.table < $1.table } }
    }
}
