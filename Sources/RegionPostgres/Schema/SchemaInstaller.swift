import Logging
import RegionCore

/// Installs, upgrades in place, and removes regiond's schema and capture in one region's
/// database.
public struct SchemaInstaller: Sendable {
    public var config: RegionsConfig
    public var region: RegionName
    public var capture: CaptureMode
    private let logger: Logger

    public init(config: RegionsConfig, region: RegionName, capture: CaptureMode = .trigger, logger: Logger) {
        self.config = config
        self.region = region
        self.capture = capture
        self.logger = logger
    }

    /// Renders the install script for the tables as they exist in `connection`'s database.
    /// Reads the catalog (columns and keys) but changes nothing.
    public func script(using connection: PostgresConnection) async throws -> InstallScript {
        var tables: [TableSchema] = []
        for name in config.replicatedTables {
            tables.append(try await TableSchema.load(name, from: connection))
        }
        var script = try InstallScript(config: config, region: region, tables: tables)
        script.capture = capture
        return script
    }

    /// Installs (or re-installs, upgrading an older schema in place) in one transaction and
    /// returns the SQL that ran. Checks the tables first, so a missing table or key is a typed
    /// `SchemaError`; refuses a schema a newer regiond installed (`SchemaVersionError`), which
    /// this script would downgrade under it.
    ///
    /// Logical mode needs `wal_level = logical` (`LogicalCaptureError.walLevelNotLogical`)
    /// and creates the slot before the transaction (see `LogicalCaptureSQL`). Switching back
    /// to triggers drains the slot's last commits, those made before the triggers existed,
    /// then drops the slot.
    @discardableResult
    public func install(using connection: PostgresConnection) async throws -> String {
        let script = try await script(using: connection)
        let sql = script.installSQL
        let previous = try await InstalledSchema.read(using: connection)
        try previous?.checkInstallable()
        if capture == .logical {
            let level = try await connection.query("SELECT current_setting('wal_level') AS level").first?["level"] ?? "unknown"
            guard level == "logical" else { throw LogicalCaptureError.walLevelNotLogical(current: level) }
            try await connection.execute(script.logicalSQL.publicationSQL)
            try await connection.query(LogicalCaptureSQL.createSlotSQL)
        }
        let switchBoundary = try await connection.withTransaction { connection -> String in
            try await InstalledSchema.read(using: connection)?.checkInstallable()
            try await connection.execute("SET LOCAL synchronous_commit = on")
            try await connection.execute(sql)
            return try await connection.query("SELECT pg_current_wal_insert_lsn()::text AS lsn").first?["lsn"] ?? "0/0"
        }
        if capture == .trigger, let drain = try LogicalCaptureDrain.forInstalled(previous, logger: logger) {
            try await drain.drain(using: connection, before: LSN(text: switchBoundary))
            try await connection.query("SELECT pg_drop_replication_slot($1) WHERE EXISTS (SELECT FROM pg_replication_slots WHERE slot_name = $1)", [drain.slot])
            try await connection.execute("DROP PUBLICATION IF EXISTS \(LogicalCaptureSQL.publication)")
            logger.info("logical capture slot drained and dropped", metadata: ["slot": "\(drain.slot)"])
        }
        logger.info("regiond schema installed", metadata: [
            "region": "\(region)", "tables": "\(config.replicatedTables.count)", "capture": "\(capture.rawValue)",
        ])
        return sql
    }

    /// Removes the schema, the changelog, versions and the capture triggers.
    public static func uninstall(using connection: PostgresConnection, logger: Logger) async throws {
        try await connection.execute(InstallScript.uninstallSQL)
        logger.info("regiond schema removed")
    }
}
