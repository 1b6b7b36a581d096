import RegionConfigIO
import RegionCore
import RegionPostgres
import Testing

@Suite("regiond install / uninstall")
struct SchemaInstallerTests {
    let config = Fixtures.config(regions: ["seoul", "tokyo"])

    @Test func installIsIdempotentAndSeedsPeerCursors() async throws {
        try await LocalPostgresCluster.with(logger: Fixtures.logger) { cluster in
            let connection = try await PostgresConnection.connect(to: cluster.connectionString(), logger: Fixtures.logger)
            try await connection.execute(Fixtures.applicationSchema)
            let installer = SchemaInstaller(config: config, region: "seoul", logger: Fixtures.logger)
            let first = try await installer.install(using: connection)
            let second = try await installer.install(using: connection)
            #expect(first == second)
            let cursors = try await connection.query("SELECT peer, tier FROM regiond.peer_cursors ORDER BY tier")
            #expect(cursors.rows.map { $0["peer"] } == ["tokyo", "tokyo", "tokyo"])
            let triggers = try await connection.query("""
                SELECT count(*) AS n FROM pg_trigger
                WHERE tgname IN ('regiond_capture_insert', 'regiond_capture_update', 'regiond_capture_delete') AND NOT tgisinternal
                """)
            #expect(triggers.first?["n"] == "9")
            #expect(try await connection.query("SELECT origin FROM regiond.settings").first?["origin"] == "seoul")
        }
    }

    @Test func dryRunScriptChangesNothing() async throws {
        try await LocalPostgresCluster.with(logger: Fixtures.logger) { cluster in
            let connection = try await PostgresConnection.connect(to: cluster.connectionString(), logger: Fixtures.logger)
            try await connection.execute(Fixtures.applicationSchema)
            let script = try await SchemaInstaller(config: config, region: "seoul", logger: Fixtures.logger).script(using: connection)
            #expect(script.installSQL.contains("CREATE TABLE IF NOT EXISTS regiond.changelog"))
            #expect(script.installSQL.contains("ON \"public\".\"accounts\""))
            #expect(try await connection.query("SELECT to_regnamespace('regiond') IS NULL AS absent").first?["absent"] == "t")
        }
    }

    /// `regiond install --dry-run` prints this without a database; it is the script that runs.
    @Test func dryRunScriptNeedsNoDatabaseAndIsTheOneThatRuns() async throws {
        let offline = try InstallScript(config: config, region: "seoul").installSQL
        for table in ["accounts", "posts", "events"] {
            #expect(offline.contains("SELECT regiond.install_capture('\"public\".\"\(table)\"'"))
        }
        try await LocalPostgresCluster.with(logger: Fixtures.logger) { cluster in
            let connection = try await PostgresConnection.connect(to: cluster.connectionString(), logger: Fixtures.logger)
            try await connection.execute(Fixtures.applicationSchema)
            let ran = try await SchemaInstaller(config: config, region: "seoul", logger: Fixtures.logger).install(using: connection)
            #expect(ran == offline)
        }
    }

    @Test func uninstallRemovesSchemaAndTriggersButKeepsData() async throws {
        try await LocalPostgresCluster.with(logger: Fixtures.logger) { cluster in
            let connection = try await PostgresConnection.connect(to: cluster.connectionString(), logger: Fixtures.logger)
            try await connection.execute(Fixtures.applicationSchema)
            try await SchemaInstaller(config: config, region: "seoul", logger: Fixtures.logger).install(using: connection)
            try await connection.execute("INSERT INTO accounts (id, country, name) VALUES (1, 'KR', 'kim')")
            try await SchemaInstaller.uninstall(using: connection, logger: Fixtures.logger)
            try await SchemaInstaller.uninstall(using: connection, logger: Fixtures.logger)
            #expect(try await connection.query("SELECT to_regnamespace('regiond') IS NULL AS absent").first?["absent"] == "t")
            #expect(try await connection.query("SELECT count(*) AS n FROM pg_trigger WHERE tgname LIKE 'regiond%'").first?["n"] == "0")
            try await connection.execute("INSERT INTO accounts (id, country, name) VALUES (2, 'JP', 'sato')")
            #expect(try await connection.query("SELECT count(*) AS n FROM accounts").first?["n"] == "2")
        }
    }

    @Test func installRefusesTablesWithoutPrimaryKeyOrMissing() async throws {
        try await LocalPostgresCluster.with(logger: Fixtures.logger) { cluster in
            let connection = try await PostgresConnection.connect(to: cluster.connectionString(), logger: Fixtures.logger)
            let installer = SchemaInstaller(config: config, region: "seoul", logger: Fixtures.logger)
            await #expect(throws: SchemaError.missingTable("accounts")) { try await installer.install(using: connection) }
            try await connection.execute("CREATE TABLE accounts (id bigint, country text)")
            await #expect(throws: SchemaError.missingPrimaryKey("accounts")) { try await installer.install(using: connection) }
        }
    }

    @Test func unknownRegionIsRefused() {
        #expect(throws: SchemaError.unknownRegion("mars")) {
            try InstallScript(config: config, region: "mars", tables: [])
        }
    }

    @Test func secretReferencesResolveFromEnvironment() throws {
        let reference = SecretReference.environment("REGIOND_DSN")
        #expect(try reference.connectionString(environment: ["REGIOND_DSN": " host=x "]).rawValue == "host=x")
        #expect(throws: SecretError.self) { try reference.connectionString(environment: [:]) }
    }
}
