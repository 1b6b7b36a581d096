import Logging
import RegionAudit
import RegionCore
import RegionPostgres

/// Deletes the rows this region must no longer keep, per the retention rules of regions.yaml.
///
/// Each batch is its own short transaction of at most `batchSize` rows, so application
/// writers are never blocked for long. Purges are local: they run with
/// `regiond.applying = on`, so capture ships no tombstones and other regions keep the rows for
/// as long as their own rules say; the rows' version entries go too, so the integrity check
/// (which leaves rows older than either region's retention out) does not bring them back.
/// Every batch is written to the residency log with a digest of the purged keys.
public struct RetentionPurger: Sendable {
    private let config: RegionsConfig
    private let region: RegionName
    private let connection: PostgresConnection
    private let tables: [TableSchema]
    private let log: ResidencyLog?
    private let batchSize: Int
    private let logger: Logger

    public init(
        config: RegionsConfig, region: RegionName, connection: PostgresConnection, tables: [TableSchema],
        log: ResidencyLog?, batchSize: Int = 1000, logger: Logger
    ) {
        self.config = config
        self.region = region
        self.connection = connection
        self.tables = tables
        self.log = log
        self.batchSize = max(1, batchSize)
        self.logger = logger
    }

    /// Purges everything due at `now`; returns one entry per rule that removed rows.
    public func purge(now: Timestamp) async throws -> [RetentionPurge] {
        var purges: [RetentionPurge] = []
        for table in tables {
            for scope in RetentionPlan(config: config, region: region, table: table.name).scopes {
                let purge = try await purge(table, scope: scope, now: now)
                if purge.rows > 0 { purges.append(purge) }
            }
        }
        return purges
    }

    private func purge(_ table: TableSchema, scope: RetentionPlan.Scope, now: Timestamp) async throws -> RetentionPurge {
        var purge = RetentionPurge(table: table.name, className: scope.className, keep: scope.keep, rows: 0, batches: 0)
        let cutoff = String(Int64(bitPattern: scope.cutoff(now: now).rawValue))
        let statement = Self.batchSQL(table, filter: scope.filter)
        while true {
            let keys = try await connection.withTransaction { connection in
                try await connection.execute(AppliedTransactionMarker.sql)
                return try await connection.query(statement, [table.name, cutoff, String(batchSize)]).rows.compactMap { $0["pk"] }
            }
            guard !keys.isEmpty else { break }
            purge.rows += keys.count
            purge.batches += 1
            try await log?.append(AuditEvent(
                kind: .retentionPurge, table: table.name, residencyClass: scope.className, from: region, to: nil,
                rowKeys: keys, bytes: 0, detail: "older than \(scope.keep)"), at: now)
            if keys.count < batchSize { break }
        }
        if purge.rows > 0 {
            logger.info("retention purged rows", metadata: [
                "table": "\(table.name)", "class": "\(scope.className ?? "any")", "rows": "\(purge.rows)", "batches": "\(purge.batches)",
            ])
        }
        return purge
    }

    /// One batch: the oldest-versioned rows past the cutoff (by their version entry, which
    /// finds them without scanning the table), deleted with their version entries.
    static func batchSQL(_ table: TableSchema, filter: ClassRowFilter) -> String {
        let match = table.primaryKey.map { "t.\(SQLIdentifier($0).quoted) = k.\(SQLIdentifier($0).quoted)" }.joined(separator: " AND ")
        return """
            WITH doomed AS (
                SELECT t.ctid AS row_id, v.pk
                FROM regiond.row_versions v
                CROSS JOIN LATERAL jsonb_populate_record(NULL::\(table.qualified), v.pk::jsonb) k
                JOIN \(table.qualified) t ON \(match)
                WHERE v.tbl = $1 AND NOT v.deleted AND v.hlc < $2::bigint AND \(IntegritySQL.predicate(filter))
                LIMIT $3::int
            ), gone AS (
                DELETE FROM \(table.qualified) t USING doomed d WHERE t.ctid = d.row_id RETURNING d.pk
            )
            DELETE FROM regiond.row_versions v USING gone g WHERE v.tbl = $1 AND v.pk = g.pk RETURNING v.pk::text AS pk
            """
    }
}
