import RegionPostgres

/// The baseline the block descent is measured against: each region hashes every shared row
/// and ships all (key, hash) pairs, and the pairs are compared one by one. Rows are hashed
/// with the function the check's block digests use, so the ratio measures the method.
struct FullTableComparison {
    struct Outcome {
        var bytes: Int
        var differing: Int
        var elapsed: Duration
    }

    static func run(_ first: PostgresConnection, _ second: PostgresConnection) async throws -> Outcome {
        let start = ContinuousClock.now
        let statement = """
            COPY (
                SELECT jsonb_build_object('id', t.id)::text,
                       hashtextextended(concat_ws('|', to_jsonb(t)::text, v.hlc::text, v.origin), 1)
                FROM items t LEFT JOIN regiond.row_versions v ON v.tbl = 'items' AND v.pk = jsonb_build_object('id', t.id)::text
                WHERE t.country <> 'KR'
            ) TO STDOUT
            """
        async let mine = first.copyOut(statement)
        async let theirs = second.copyOut(statement)
        let (local, remote) = try await (mine, theirs)
        let localPairs = pairs(local)
        var differing = 0
        var seen = 0
        for (key, hash) in pairs(remote) {
            if let other = localPairs[key] {
                seen += 1
                if other != hash { differing += 1 }
            } else {
                differing += 1
            }
        }
        differing += localPairs.count - seen
        return Outcome(bytes: local.count + remote.count, differing: differing, elapsed: ContinuousClock.now - start)
    }

    private static func pairs(_ copy: [UInt8]) -> [Substring: Substring] {
        let text = String(decoding: copy, as: UTF8.self)
        var result: [Substring: Substring] = [:]
        result.reserveCapacity(copy.count / 48)
        for line in text.split(separator: "\n") {
            guard let tab = line.firstIndex(of: "\t") else { continue }
            result[line[..<tab]] = line[line.index(after: tab)...]
        }
        return result
    }
}
