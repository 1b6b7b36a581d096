import Logging
import RegionCore

/// Applies batches of peers' changes last-write-wins, set-based, one transaction per batch.
///
/// Per batch: COPY into a temporary table; keep the newest change per row; one
/// `INSERT ... ON CONFLICT DO UPDATE ... WHERE incoming version is newer` into
/// `regiond.row_versions` decides the winners (tombstones included, so a late update never
/// resurrects a deleted row and an old delete never removes a newer row); then one DELETE and
/// one upsert per table write the winners. The version check runs under the row lock of
/// `row_versions`, so a local write committing concurrently is never overwritten by an older
/// remote one. Re-applying a batch finds equal versions and changes nothing (idempotent).
///
/// The transaction sets `regiond.applying = on`, which the capture triggers skip: applied
/// changes are not captured again. Deadlocks with local writers are retried.
public struct ChangeApplier: Sendable {
    private let connection: PostgresConnection
    private let tables: [String: TableSchema]
    private let logger: Logger
    private let maximumAttempts = 5

    public init(connection: PostgresConnection, tables: [TableSchema], logger: Logger) {
        self.connection = connection
        self.tables = Dictionary(tables.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.logger = logger
    }

    /// Reads the schemas of `tableNames` (the config's replicated tables) from the catalog.
    public static func load(tableNames: [String], connection: PostgresConnection, logger: Logger) async throws -> ChangeApplier {
        var tables: [TableSchema] = []
        for name in tableNames { tables.append(try await TableSchema.load(name, from: connection)) }
        return ChangeApplier(connection: connection, tables: tables, logger: logger)
    }

    @discardableResult
    public func apply(_ changes: [RemoteChange]) async throws -> ApplyOutcome {
        guard !changes.isEmpty else { return ApplyOutcome(received: 0, applied: 0) }
        if let unknown = changes.first(where: { tables[$0.table] == nil }) { throw ApplyError.unknownTable(unknown.table) }
        var encoder = CopyTextEncoder()
        for change in changes {
            encoder.appendRow([
                change.table, change.primaryKey, String(Int64(bitPattern: change.version.hlc.rawValue)),
                change.version.origin.rawValue, change.isDelete ? "t" : "f", change.row,
            ])
        }
        let touched = Set(changes.map(\.table)).sorted()
        var attempt = 1
        while true {
            do {
                let applied = try await connection.withTransaction { connection in
                    try await applyInTransaction(encoder.bytes, tables: touched.compactMap { tables[$0] }, on: connection)
                }
                return ApplyOutcome(received: changes.count, applied: applied)
            } catch let error as PostgresError where error.isTransient && attempt < maximumAttempts {
                logger.info("apply batch conflicted with local writers, retrying", metadata: ["attempt": "\(attempt)", "error": "\(error)"])
                attempt += 1
            }
        }
    }

    private func applyInTransaction(_ copyData: [UInt8], tables: [TableSchema], on connection: PostgresConnection) async throws -> Int {
        try await connection.execute("""
            SET LOCAL regiond.applying = 'on';
            CREATE TEMP TABLE IF NOT EXISTS regiond_incoming
                (tbl text, pk jsonb, hlc bigint, origin text, deleted boolean, row jsonb) ON COMMIT DELETE ROWS;
            CREATE TEMP TABLE IF NOT EXISTS regiond_winners
                (tbl text, pk jsonb, hlc bigint, origin text, deleted boolean, row jsonb) ON COMMIT DELETE ROWS;
            """)
        try await connection.copyIn("COPY regiond_incoming (tbl, pk, hlc, origin, deleted, row) FROM STDIN", data: copyData)
        let winners = try await connection.query("""
            WITH candidates AS (
                SELECT DISTINCT ON (tbl, pk) tbl, pk, hlc, origin, deleted, row
                FROM regiond_incoming
                ORDER BY tbl, pk, hlc DESC, origin COLLATE "C" DESC
            ), newer AS (
                INSERT INTO regiond.row_versions AS v (tbl, pk, hlc, origin, deleted, changed_at)
                SELECT tbl, pk, hlc, origin, deleted, now() FROM candidates
                ON CONFLICT (tbl, pk) DO UPDATE
                SET hlc = EXCLUDED.hlc, origin = EXCLUDED.origin, deleted = EXCLUDED.deleted, changed_at = EXCLUDED.changed_at
                WHERE EXCLUDED.hlc > v.hlc OR (EXCLUDED.hlc = v.hlc AND EXCLUDED.origin COLLATE "C" > v.origin COLLATE "C")
                RETURNING v.tbl, v.pk
            )
            INSERT INTO regiond_winners
            SELECT c.tbl, c.pk, c.hlc, c.origin, c.deleted, c.row FROM candidates c JOIN newer n ON n.tbl = c.tbl AND n.pk = c.pk
            """).affectedRows
        if winners > 0 {
            try await connection.execute("ANALYZE regiond_winners")
            for table in tables {
                try await connection.query(Self.deleteSQL(table), [table.name])
                try await connection.query(Self.upsertSQL(table), [table.name])
            }
        }
        try await connection.query("""
            SELECT setval('regiond.hlc_clock', greatest(c.last_value, m.hlc))
            FROM regiond.hlc_clock c, (SELECT max(hlc) AS hlc FROM regiond_incoming) m
            WHERE m.hlc > c.last_value
            """)
        return winners
    }

    static func deleteSQL(_ table: TableSchema) -> String {
        let match = table.primaryKey.map { "t.\(SQLIdentifier($0).quoted) = k.\(SQLIdentifier($0).quoted)" }.joined(separator: " AND ")
        return """
            DELETE FROM \(table.qualified) t
            USING regiond_winners w, LATERAL jsonb_populate_record(NULL::\(table.qualified), w.pk) k
            WHERE w.tbl = $1 AND w.deleted AND \(match)
            """
    }

    static func upsertSQL(_ table: TableSchema) -> String {
        let columns = table.columns.map { SQLIdentifier($0).quoted }
        let key = table.primaryKey.map { SQLIdentifier($0).quoted }.joined(separator: ", ")
        let update = table.valueColumns.isEmpty
            ? "DO NOTHING"
            : "DO UPDATE SET " + table.valueColumns.map { "\(SQLIdentifier($0).quoted) = EXCLUDED.\(SQLIdentifier($0).quoted)" }.joined(separator: ", ")
        return """
            INSERT INTO \(table.qualified) (\(columns.joined(separator: ", ")))
            SELECT \(columns.map { "r.\($0)" }.joined(separator: ", "))
            FROM regiond_winners w, LATERAL jsonb_populate_record(NULL::\(table.qualified), w.row) r
            WHERE w.tbl = $1 AND NOT w.deleted
            ON CONFLICT (\(key)) \(update)
            """
    }
}
