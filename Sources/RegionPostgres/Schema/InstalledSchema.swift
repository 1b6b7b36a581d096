/// What `regiond install` recorded in a database: the region it was installed for and the
/// schema version its tables have.
///
/// Read before anything relies on the schema, so that a database a newer regiond upgraded is
/// refused with a message instead of failing later, mid-apply, on an SQL error about a table
/// shape this build does not know.
public struct InstalledSchema: Sendable, Equatable {
    public var origin: String
    public var version: Int
    public var captureMode: CaptureMode
    /// The logical replication slot the drain reads, in logical mode.
    public var captureSlot: String?

    public init(origin: String, version: Int, captureMode: CaptureMode = .trigger, captureSlot: String? = nil) {
        self.origin = origin
        self.version = version
        self.captureMode = captureMode
        self.captureSlot = captureSlot
    }

    /// The `regiond.settings` row, or nil when regiond is not installed in this database.
    public static func read(using connection: PostgresConnection) async throws -> InstalledSchema? {
        let installed = try await connection.query("SELECT to_regclass('regiond.settings') IS NOT NULL AS installed")
        guard installed.first?["installed"] == "t" else { return nil }
        // The capture columns are read through to_jsonb: a database installed before they
        // existed has none, and is in trigger mode.
        let settings = try await connection.query("""
            SELECT origin, schema_version, to_jsonb(s) ->> 'capture_mode' AS capture_mode,
                   to_jsonb(s) ->> 'capture_slot' AS capture_slot
            FROM regiond.settings s
            """)
        guard let row = settings.first, let origin = row["origin"], let version = row["schema_version"].flatMap(Int.init) else {
            return nil
        }
        let mode = row["capture_mode"].flatMap(CaptureMode.init(rawValue:)) ?? .trigger
        return InstalledSchema(origin: origin, version: version, captureMode: mode, captureSlot: row["capture_slot"])
    }

    /// Whether this build can run against the schema: only its own version. An older schema
    /// needs `regiond install` (which upgrades it in place); a newer one needs a newer regiond.
    public func checkUsable(supported: Int = InstallScript.schemaVersion) throws(SchemaVersionError) {
        if version > supported { throw .newerThanSupported(installed: version, supported: supported) }
        if version < supported { throw .outdated(installed: version, supported: supported) }
    }

    /// Whether `regiond install` of this build may (re)write the schema: the same or an older
    /// version is upgraded in place, a newer one would be downgraded under a newer regiond that
    /// relies on it, so it is refused.
    public func checkInstallable(supported: Int = InstallScript.schemaVersion) throws(SchemaVersionError) {
        if version > supported { throw .newerThanSupported(installed: version, supported: supported) }
    }
}
