import RegionCore
import RegionPostgres
import Testing

/// An applier given several connections spreads a batch's tables over them, one transaction
/// each; the result must be the one a single transaction gives.
@Suite("apply over several connections")
struct ParallelApplyTests {
    let config = Fixtures.config(regions: ["seoul", "tokyo"])

    private func account(_ id: Int, _ hlc: UInt64, _ origin: RegionName, _ name: String?) -> RemoteChange {
        RemoteChange(
            table: "accounts", primaryKey: "{\"id\": \(id)}", version: Version(hlc: HLC(rawValue: hlc), origin: origin),
            row: name.map { "{\"id\": \(id), \"country\": \"JP\", \"name\": \"\($0)\", \"balance\": 2.50}" })
    }

    private func post(_ id: Int, _ hlc: UInt64, _ body: String?) -> RemoteChange {
        RemoteChange(
            table: "posts", primaryKey: "{\"id\": \(id)}", version: Version(hlc: HLC(rawValue: hlc), origin: "seoul"),
            row: body.map { "{\"id\": \(id), \"author\": 1, \"body\": \"\($0)\", \"tags\": [\"a\", \"b\"], \"created\": \"2026-01-01T00:00:00+00:00\"}" })
    }

    private func event(_ id: Int, _ hlc: UInt64) -> RemoteChange {
        RemoteChange(
            table: "events", primaryKey: "{\"source\": \"app\", \"id\": \(id)}", version: Version(hlc: HLC(rawValue: hlc), origin: "seoul"),
            row: "{\"source\": \"app\", \"id\": \(id), \"payload\": {\"n\": \(id)}}")
    }

    private func applier(connections: Int, database: String, cluster: LocalPostgresCluster) async throws -> ChangeApplier {
        var opened: [PostgresConnection] = []
        for _ in 0..<connections {
            opened.append(try await PostgresConnection.connect(to: cluster.connectionString(database: database), logger: Fixtures.logger))
        }
        return try await ChangeApplier.load(tableNames: config.replicatedTables, connections: opened, logger: Fixtures.logger)
    }

    private func dumps(_ region: RegionDatabase) async throws -> [String] {
        [
            try await region.dump("accounts", orderBy: "id"), try await region.dump("posts", orderBy: "id"),
            try await region.dump("events", orderBy: "source, id"),
            try await region.connection.query("SELECT string_agg(tbl || pk || hlc || origin || deleted, ',' ORDER BY tbl, pk) AS v FROM regiond.row_versions").first?["v"] ?? "",
        ]
    }

    @Test func batchOverThreeTablesMatchesOneTransaction() async throws {
        try await LocalPostgresCluster.with(logger: Fixtures.logger) { cluster in
            let single = try await RegionDatabase.make("tokyo", in: cluster, config: config)
            let spread = try await RegionDatabase.make("seoul", in: cluster, config: config)
            let parallel = try await applier(connections: 2, database: "region_seoul", cluster: cluster)
            let first = (1...300).map { account($0, 100, "seoul", "a\($0)") } + (1...200).map { post($0, 100, "p\($0)") }
                + (1...100).map { event($0, 100) }
            let second = [
                account(1, 50, "singapore", "older, from elsewhere"), account(2, 200, "seoul", nil), account(2, 150, "seoul", "zombie"),
                post(3, 300, "edited"), post(4, 300, nil), event(1, 90),
            ]
            for batch in [first, second] {
                let expected = try await single.applier.apply(batch)
                #expect(try await parallel.apply(batch) == expected)
            }
            let again = try await single.applier.apply(first + second)
            #expect(again.applied == 0)
            #expect(try await parallel.apply(first + second) == again)
            #expect(try await dumps(spread) == dumps(single))
            #expect(try await spread.dump("accounts", orderBy: "id").split(separator: "\n").count == 299)
            #expect(try await spread.connection.query("SELECT body FROM posts WHERE id = 3").first?["body"] == "edited")
        }
    }

    /// Appliers whose batches share keys in every table run at once: each transaction takes
    /// its locks in table-name order, so none waits for another in a cycle, and the newest
    /// version of every key wins whichever commits last.
    @Test func concurrentAppliersOfOverlappingBatchesConvergeOnTheNewest() async throws {
        try await LocalPostgresCluster.with(logger: Fixtures.logger) { cluster in
            let tokyo = try await RegionDatabase.make("tokyo", in: cluster, config: config)
            var appliers: [ChangeApplier] = []
            for _ in 0..<3 { appliers.append(try await applier(connections: 2, database: "region_tokyo", cluster: cluster)) }
            let batches = (0..<3).map { round in
                (1...150).map { account($0, UInt64(100 + ($0 + round) % 3), "seoul", "r\(round)") }
                    + (1...150).map { post($0, UInt64(100 + ($0 + 2 * round) % 3), "r\(round)") }
                    + (1...50).map { event($0, UInt64(100 + round)) }
            }
            try await withThrowingTaskGroup(of: ApplyOutcome.self) { group in
                for (applier, batch) in zip(appliers, batches) { group.addTask { try await applier.apply(batch.shuffled()) } }
                try await group.waitForAll()
            }
            let accounts = try await tokyo.connection.query("SELECT id, name FROM accounts ORDER BY id").rows
            #expect(accounts.count == 150)
            for row in accounts {
                let id = try #require(row["id"].flatMap(Int.init))
                let newestRound = (0..<3).max { (id + $0) % 3 < (id + $1) % 3 } ?? -1
                #expect(row["name"] == "r\(newestRound)")
            }
            #expect(try await tokyo.connection.query("SELECT count(*) AS n FROM events WHERE payload IS NOT NULL").first?["n"] == "50")
        }
    }
}
