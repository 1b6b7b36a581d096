import RegionCore
import RegionPostgres
import Testing

/// Deletes and inserts of one row reach a third region by different paths (the deleting
/// region's batch and the inserting region's backlog), in either order.
@Suite("tombstones arriving before the row")
struct TombstoneOrderTests {
    let config = Fixtures.config(regions: ["seoul", "tokyo", "singapore"])

    private func change(_ id: Int, _ hlc: UInt64, _ origin: RegionName, name: String?) -> RemoteChange {
        RemoteChange(
            table: "accounts", primaryKey: "{\"id\": \(id)}", version: Version(hlc: HLC(rawValue: hlc), origin: origin),
            row: name.map { "{\"id\": \(id), \"country\": \"JP\", \"name\": \"\($0)\", \"balance\": 1.50}" })
    }

    @Test func aDeleteOfARowNeverSeenHereStillBlocksItsOlderInsert() async throws {
        try await LocalPostgresCluster.with(logger: Fixtures.logger) { cluster in
            let tokyo = try await RegionDatabase.make("tokyo", in: cluster, config: config)
            // singapore deleted row 7 (written by seoul at 100) at 200; the delete arrives first.
            _ = try await tokyo.applier.apply([change(7, 200, "singapore", name: nil)])
            #expect(try await tokyo.applier.apply([change(7, 100, "seoul", name: "late insert")]).applied == 0)
            let rows = try await tokyo.connection.query("SELECT count(*) AS n FROM accounts WHERE id = 7").rows
            #expect(rows.first?["n"] == "0")
        }
    }
}
