import RegionCore
import RegionPostgres
import Testing

/// A database's schema version against this build's: an older one is upgraded by
/// `regiond install`, a newer one (installed by a newer regiond) is refused before anything
/// relies on its tables.
@Suite("schema version check")
struct SchemaVersionTests {
    let config = Fixtures.config(regions: ["seoul", "tokyo"])

    private func setVersion(_ version: Int, in region: RegionDatabase) async throws {
        try await region.connection.execute("UPDATE regiond.settings SET schema_version = \(version)")
    }

    @Test func newerSchemaIsRefusedByTheCheckAndByInstall() async throws {
        try await LocalPostgresCluster.with(logger: Fixtures.logger) { cluster in
            let seoul = try await RegionDatabase.make("seoul", in: cluster, config: config)
            let newer = InstallScript.schemaVersion + 1
            try await setVersion(newer, in: seoul)

            let installed = try #require(try await InstalledSchema.read(using: seoul.connection))
            #expect(installed == InstalledSchema(origin: "seoul", version: newer))
            let expected = SchemaVersionError.newerThanSupported(installed: newer, supported: InstallScript.schemaVersion)
            #expect(throws: expected) { try installed.checkUsable() }
            #expect(expected.description.hasPrefix(
                "database schema \(newer) is newer than this regiond (\(InstallScript.schemaVersion)): upgrade regiond"))

            let installer = SchemaInstaller(config: config, region: "seoul", logger: Fixtures.logger)
            await #expect(throws: expected) { try await installer.install(using: seoul.connection) }
            #expect(try await InstalledSchema.read(using: seoul.connection)?.version == newer)
        }
    }

    @Test func olderSchemaIsReportedAndUpgradedByInstall() async throws {
        try await LocalPostgresCluster.with(logger: Fixtures.logger) { cluster in
            let tokyo = try await RegionDatabase.make("tokyo", in: cluster, config: config)
            try await setVersion(InstallScript.schemaVersion - 1, in: tokyo)

            let installed = try #require(try await InstalledSchema.read(using: tokyo.connection))
            #expect(throws: SchemaVersionError.outdated(installed: InstallScript.schemaVersion - 1, supported: InstallScript.schemaVersion)) {
                try installed.checkUsable()
            }
            try await SchemaInstaller(config: config, region: "tokyo", logger: Fixtures.logger).install(using: tokyo.connection)
            let upgraded = try #require(try await InstalledSchema.read(using: tokyo.connection))
            #expect(upgraded.version == InstallScript.schemaVersion)
            try upgraded.checkUsable()
        }
    }

    @Test func databaseWithoutRegiondHasNoInstalledSchema() async throws {
        try await LocalPostgresCluster.with(logger: Fixtures.logger) { cluster in
            let tokyo = try await RegionDatabase.make("tokyo", in: cluster, config: config)
            try await SchemaInstaller.uninstall(using: tokyo.connection, logger: Fixtures.logger)
            #expect(try await InstalledSchema.read(using: tokyo.connection) == nil)
        }
    }
}
