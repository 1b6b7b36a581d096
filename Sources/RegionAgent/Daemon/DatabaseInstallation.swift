import Logging
import RegionCore
import RegionPostgres

/// Checks that `regiond install` ran in this region's database, for this region, at the
/// schema version this build needs; the agent refuses to start otherwise rather than
/// failing later on a missing changelog.
enum DatabaseInstallation {
    static func verify(
        region: RegionName, connectionString: ConnectionString, configPath: String, logger: Logger
    ) async throws(AgentStartupError) {
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(to: connectionString, logger: logger, reconnect: .never)
        } catch {
            throw .databaseUnreachable(region, reason: "\(error)")
        }
        let rows: PostgresRows?
        do {
            rows = try await installedSettings(using: connection)
            await connection.close()
        } catch {
            await connection.close()
            throw .databaseUnreachable(region, reason: "\(error)")
        }
        guard let settings = rows?.first, let origin = settings["origin"], let version = settings["schema_version"].flatMap(Int.init) else {
            throw .notInstalled(region, configPath: configPath)
        }
        guard origin == region.rawValue else { throw .installedForAnotherRegion(region, installedFor: origin) }
        guard version >= InstallScript.schemaVersion else {
            throw .schemaOutdated(region, installed: version, required: InstallScript.schemaVersion, configPath: configPath)
        }
    }

    /// The `regiond.settings` row, or nil when the schema is not there.
    private static func installedSettings(using connection: PostgresConnection) async throws -> PostgresRows? {
        let installed = try await connection.query("SELECT to_regclass('regiond.settings') IS NOT NULL AS installed")
        guard installed.first?["installed"] == "t" else { return nil }
        return try await connection.query("SELECT origin, schema_version FROM regiond.settings")
    }
}
