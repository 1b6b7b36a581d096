extension ResidencySummary {
    /// The compliance report as table lines.
    public var tableLines: [String] {
        let header = ["class", "destination", "transfers", "rows sent", "bytes sent", "blocked", "rows blocked", "rejected", "rows rejected"]
        let body = sortedRows.map { key, counts in
            [
                key.residencyClass, key.destination, String(counts.transferEvents), String(counts.transferredRows),
                String(counts.transferredBytes), String(counts.blockedEvents), String(counts.blockedRows),
                String(counts.rejectedEvents), String(counts.rejectedRows),
            ]
        }
        return TextTable(header: header, rows: body).lines
    }
}
