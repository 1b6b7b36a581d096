import RegionCore
import RegionPostgres
import Testing

/// Schema version 3 keeps `row_versions` keys as canonical text in collation "C"; a database
/// installed at version 2 (`jsonb` keys) is converted by re-running the install.
@Suite("row version keys: text, upgraded from jsonb")
struct VersionKeyUpgradeTests {
    let config = Fixtures.config(regions: ["seoul", "tokyo"])

    /// Turns a fresh install back into version 2's shape, as a database installed by the
    /// previous release has it.
    private func downgradeToVersion2(_ region: RegionDatabase) async throws {
        try await region.connection.execute("""
            ALTER TABLE regiond.row_versions
                ALTER COLUMN tbl TYPE text COLLATE "default",
                ALTER COLUMN pk TYPE jsonb USING pk::jsonb;
            UPDATE regiond.settings SET schema_version = 2;
            """)
    }

    private func keyType(_ region: RegionDatabase) async throws -> String? {
        try await region.connection.query("""
            SELECT format_type(atttypid, atttypmod) || ' ' || coalesce(collname, '') AS t
            FROM pg_attribute LEFT JOIN pg_collation c ON c.oid = attcollation
            WHERE attrelid = 'regiond.row_versions'::regclass AND attname = 'pk'
            """).first?["t"]
    }

    @Test func reinstallConvertsVersion2KeysAndKeepsEveryVersion() async throws {
        try await LocalPostgresCluster.with(logger: Fixtures.logger) { cluster in
            let tokyo = try await RegionDatabase.make("tokyo", in: cluster, config: config)
            try await tokyo.connection.execute("INSERT INTO accounts (id, country, name) VALUES (1, 'JP', 'local'), (2, 'JP', 'gone')")
            try await tokyo.connection.execute("DELETE FROM accounts WHERE id = 2")
            try await downgradeToVersion2(tokyo)
            #expect(try await keyType(tokyo) == "jsonb ")
            let before = try await tokyo.dump("regiond.row_versions", orderBy: "tbl, pk")

            let installer = SchemaInstaller(config: config, region: "tokyo", logger: Fixtures.logger)
            try await installer.install(using: tokyo.connection)
            try await installer.install(using: tokyo.connection)

            #expect(try await keyType(tokyo) == "text C")
            #expect(try await tokyo.dump("regiond.row_versions", orderBy: "tbl, pk") == before)
            #expect(try await tokyo.connection.query("SELECT schema_version FROM regiond.settings").first?["schema_version"] == "3")
            let local = try await tokyo.connection.query("SELECT hlc FROM regiond.row_versions WHERE pk = '{\"id\": 1}'")
            let localVersion = try #require(local.first?["hlc"].flatMap(UInt64.init))
            // The migrated versions still decide: an older remote write loses to the local row,
            // and a late update does not resurrect the migrated tombstone.
            let older = RemoteChange(
                table: "accounts", primaryKey: "{\"id\": 1}", version: Version(hlc: HLC(rawValue: 1), origin: "seoul"),
                row: "{\"id\": 1, \"country\": \"JP\", \"name\": \"stale\", \"balance\": 0}")
            let zombie = RemoteChange(
                table: "accounts", primaryKey: "{\"id\": 2}", version: Version(hlc: HLC(rawValue: 2), origin: "seoul"),
                row: "{\"id\": 2, \"country\": \"JP\", \"name\": \"zombie\", \"balance\": 0}")
            #expect(try await tokyo.applier.apply([older, zombie]).applied == 0)
            #expect(try await tokyo.dump("accounts", orderBy: "id") == "1\tJP\tlocal\t0.00\n")
            // Capture keeps versioning the row after the upgrade.
            try await tokyo.connection.execute("UPDATE accounts SET name = 'renamed' WHERE id = 1")
            let updated = try await tokyo.connection.query("SELECT hlc FROM regiond.row_versions WHERE pk = '{\"id\": 1}'")
            #expect(try #require(updated.first?["hlc"].flatMap(UInt64.init)) > localVersion)
        }
    }

    /// A peer's key text need not be spaced as this region's `jsonb` prints it: it still
    /// finds the row's version.
    @Test func keysSpelledDifferentlyMeetTheSameVersion() async throws {
        try await LocalPostgresCluster.with(logger: Fixtures.logger) { cluster in
            let tokyo = try await RegionDatabase.make("tokyo", in: cluster, config: config)
            func row(_ name: String) -> String { "{\"id\": 5, \"country\": \"JP\", \"name\": \"\(name)\", \"balance\": 0}" }
            let first = RemoteChange(
                table: "accounts", primaryKey: "{\"id\":5}", version: Version(hlc: HLC(rawValue: 100), origin: "seoul"), row: row("first"))
            let older = RemoteChange(
                table: "accounts", primaryKey: "{ \"id\" : 5 }", version: Version(hlc: HLC(rawValue: 50), origin: "seoul"),
                row: row("older"))
            #expect(try await tokyo.applier.apply([first]).applied == 1)
            #expect(try await tokyo.applier.apply([older]).applied == 0)
            #expect(try await tokyo.connection.query("SELECT count(*) AS n FROM regiond.row_versions").first?["n"] == "1")
            #expect(try await tokyo.dump("accounts", orderBy: "id") == "5\tJP\tfirst\t0.00\n")
        }
    }
}
