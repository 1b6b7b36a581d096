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
        let installed: InstalledSchema?
        do {
            installed = try await InstalledSchema.read(using: connection)
            await connection.close()
        } catch {
            await connection.close()
            throw .databaseUnreachable(region, reason: "\(error)")
        }
        guard let installed else { throw .notInstalled(region, configPath: configPath) }
        guard installed.origin == region.rawValue else { throw .installedForAnotherRegion(region, installedFor: installed.origin) }
        do {
            try installed.checkUsable()
        } catch .outdated(let version, let supported) {
            throw .schemaOutdated(region, installed: version, required: supported, configPath: configPath)
        } catch {
            throw .schemaUnusable(region, error)
        }
    }
}
