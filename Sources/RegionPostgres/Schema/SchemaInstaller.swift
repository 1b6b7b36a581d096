import Logging
import RegionCore

/// Installs, upgrades in place, and removes regiond's schema and capture in one region's
/// database.
public struct SchemaInstaller: Sendable {
    public var config: RegionsConfig
    public var region: RegionName
    private let logger: Logger

    public init(config: RegionsConfig, region: RegionName, logger: Logger) {
        self.config = config
        self.region = region
        self.logger = logger
    }

    /// Renders the install script for the tables as they exist in `connection`'s database.
    /// Reads the catalog (columns and keys) but changes nothing.
    public func script(using connection: PostgresConnection) async throws -> InstallScript {
        var tables: [TableSchema] = []
        for name in config.replicatedTables {
            tables.append(try await TableSchema.load(name, from: connection))
        }
        return try InstallScript(config: config, region: region, tables: tables)
    }

    /// Installs (or re-installs, upgrading an older schema in place) in one transaction and
    /// returns the SQL that ran. Checks the tables first, so a missing table or key is a typed
    /// `SchemaError`; refuses a schema a newer regiond installed (`SchemaVersionError`), which
    /// this script would downgrade under it.
    @discardableResult
    public func install(using connection: PostgresConnection) async throws -> String {
        let sql = try await script(using: connection).installSQL
        try await connection.withTransaction { connection in
            try await InstalledSchema.read(using: connection)?.checkInstallable()
            try await connection.execute(sql)
        }
        logger.info("regiond schema installed", metadata: ["region": "\(region)", "tables": "\(config.replicatedTables.count)"])
        return sql
    }

    /// Removes the schema, the changelog, versions and the capture triggers.
    public static func uninstall(using connection: PostgresConnection, logger: Logger) async throws {
        try await connection.execute(InstallScript.uninstallSQL)
        logger.info("regiond schema removed")
    }
}
