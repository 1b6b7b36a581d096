import RegionCore
import RegionPostgres
import Testing

@Suite("last-write-wins apply")
struct ChangeApplierTests {
    let config = Fixtures.config(regions: ["seoul", "tokyo"])

    private func change(_ id: Int, _ hlc: UInt64, _ origin: RegionName, name: String?) -> RemoteChange {
        RemoteChange(
            table: "accounts", primaryKey: "{\"id\": \(id)}", version: Version(hlc: HLC(rawValue: hlc), origin: origin),
            row: name.map { "{\"id\": \(id), \"country\": \"JP\", \"name\": \"\($0)\", \"balance\": 1.50}" })
    }

    private func names(_ region: RegionDatabase) async throws -> [String] {
        try await region.connection.query("SELECT id || ':' || name AS v FROM accounts ORDER BY id").rows.compactMap { $0["v"] }
    }

    @Test func newerWinsOlderLosesTiesBreakByOrigin() async throws {
        try await LocalPostgresCluster.with(logger: Fixtures.logger) { cluster in
            let tokyo = try await RegionDatabase.make("tokyo", in: cluster, config: config)
            #expect(try await tokyo.applier.apply([change(1, 100, "seoul", name: "v100")]).applied == 1)
            #expect(try await tokyo.applier.apply([change(1, 90, "seoul", name: "v90")]).applied == 0)
            #expect(try await tokyo.applier.apply([change(1, 100, "singapore", name: "tie")]).applied == 1)
            #expect(try await tokyo.applier.apply([change(1, 100, "busan", name: "tie-lower")]).applied == 0)
            #expect(try await names(tokyo) == ["1:tie"])
        }
    }

    @Test func writesDiscardedForANewerWriteFromAnotherRegionCountAsConflicts() async throws {
        try await LocalPostgresCluster.with(logger: Fixtures.logger) { cluster in
            let tokyo = try await RegionDatabase.make("tokyo", in: cluster, config: config)
            try await tokyo.applier.apply([change(1, 200, "seoul", name: "seoul wins")])
            let concurrent = try await tokyo.applier.apply([change(1, 150, "singapore", name: "singapore loses")])
            #expect(concurrent == ApplyOutcome(received: 1, applied: 0, conflicts: 1))
            let lateCopy = try await tokyo.applier.apply([change(1, 150, "seoul", name: "older seoul write")])
            #expect(lateCopy == ApplyOutcome(received: 1, applied: 0, conflicts: 0))
            let duplicate = try await tokyo.applier.apply([change(1, 200, "seoul", name: "seoul wins")])
            #expect(duplicate == ApplyOutcome(received: 1, applied: 0, conflicts: 0))
            let newer = try await tokyo.applier.apply([change(1, 300, "singapore", name: "singapore later")])
            #expect(newer == ApplyOutcome(received: 1, applied: 1, conflicts: 0))
        }
    }

    @Test func tombstonesBlockLateUpdatesAndOldDeletesAreIgnored() async throws {
        try await LocalPostgresCluster.with(logger: Fixtures.logger) { cluster in
            let tokyo = try await RegionDatabase.make("tokyo", in: cluster, config: config)
            try await tokyo.applier.apply([change(1, 100, "seoul", name: "one"), change(2, 100, "seoul", name: "two")])
            // Row 1 deleted at 200: a late update at 150 must not resurrect it.
            try await tokyo.applier.apply([change(1, 200, "seoul", name: nil)])
            #expect(try await tokyo.applier.apply([change(1, 150, "seoul", name: "zombie")]).applied == 0)
            // A delete older than row 2's version is ignored.
            #expect(try await tokyo.applier.apply([change(2, 50, "seoul", name: nil)]).applied == 0)
            #expect(try await names(tokyo) == ["2:two"])
            let tombstone = try await tokyo.connection.query("SELECT deleted, hlc FROM regiond.row_versions WHERE pk = '{\"id\": 1}'")
            #expect(tombstone.first?["deleted"] == "t")
            #expect(tombstone.first?["hlc"] == "200")
            // A newer insert after the delete does win.
            #expect(try await tokyo.applier.apply([change(1, 300, "seoul", name: "reborn")]).applied == 1)
            #expect(try await names(tokyo) == ["1:reborn", "2:two"])
        }
    }

    @Test func applyingABatchTwiceChangesNothing() async throws {
        try await LocalPostgresCluster.with(logger: Fixtures.logger) { cluster in
            let tokyo = try await RegionDatabase.make("tokyo", in: cluster, config: config)
            let batch = (1...200).map { change($0, UInt64(1000 + $0), "seoul", name: "n\($0)") } + [change(7, 5000, "seoul", name: nil)]
            #expect(try await tokyo.applier.apply(batch).applied == 200)
            let before = try await tokyo.dump("accounts", orderBy: "id")
            let versions = try await tokyo.dump("regiond.row_versions", orderBy: "tbl, pk")
            #expect(try await tokyo.applier.apply(batch).applied == 0)
            #expect(try await tokyo.dump("accounts", orderBy: "id") == before)
            #expect(try await tokyo.dump("regiond.row_versions", orderBy: "tbl, pk") == versions)
            #expect(before.split(separator: "\n").count == 199)
        }
    }

    @Test func largeBatchSpanningManyCopyChunksAppliesEveryRow() async throws {
        try await LocalPostgresCluster.with(logger: Fixtures.logger) { cluster in
            let tokyo = try await RegionDatabase.make("tokyo", in: cluster, config: config)
            let padding = String(repeating: "x", count: 300)
            let batch = (1...12_000).map { change($0, UInt64(10_000 + $0), "seoul", name: "\(padding)\($0)") }
            #expect(try await tokyo.applier.apply(batch).applied == 12_000)
            #expect(try await tokyo.connection.query("SELECT count(*) AS n FROM accounts").first?["n"] == "12000")
        }
    }

    @Test func newestChangePerRowInsideOneBatchWins() async throws {
        try await LocalPostgresCluster.with(logger: Fixtures.logger) { cluster in
            let tokyo = try await RegionDatabase.make("tokyo", in: cluster, config: config)
            let outcome = try await tokyo.applier.apply([
                change(1, 300, "seoul", name: "last"), change(1, 100, "seoul", name: "first"), change(1, 200, "seoul", name: nil),
            ])
            #expect(outcome.received == 3)
            #expect(outcome.applied == 1)
            #expect(try await names(tokyo) == ["1:last"])
        }
    }

    @Test func localWriteNewerThanRemoteIsKept() async throws {
        try await LocalPostgresCluster.with(logger: Fixtures.logger) { cluster in
            let tokyo = try await RegionDatabase.make("tokyo", in: cluster, config: config)
            try await tokyo.connection.execute("INSERT INTO accounts (id, country, name) VALUES (1, 'JP', 'local')")
            // A remote version from long ago loses against the local write.
            #expect(try await tokyo.applier.apply([change(1, 42, "seoul", name: "stale")]).applied == 0)
            #expect(try await names(tokyo) == ["1:local"])
        }
    }

    @Test func unknownTableRefusesTheWholeBatch() async throws {
        try await LocalPostgresCluster.with(logger: Fixtures.logger) { cluster in
            let tokyo = try await RegionDatabase.make("tokyo", in: cluster, config: config)
            let foreign = RemoteChange(table: "secrets", primaryKey: "{\"id\": 1}", version: Version(hlc: HLC(rawValue: 1), origin: "seoul"), row: "{}")
            await #expect(throws: ApplyError.unknownTable("secrets")) {
                try await tokyo.applier.apply([change(1, 100, "seoul", name: "x"), foreign])
            }
            #expect(try await names(tokyo).isEmpty)
        }
    }
}
