import Logging
import RegionCore
import RegionPostgres

/// Forgets tombstones once every peer acknowledged them and the grace period passed
/// (`TombstonePurgePolicy`), in bounded batches.
///
/// "Acknowledged" is read from the changelog: a tombstone is still needed while some peer's
/// cursor of the tombstone's tier is below a changelog entry for the same row. Tombstones
/// received from peers have no local entry; for them only the grace applies.
public struct TombstonePurger: Sendable {
    private let connection: PostgresConnection
    private let policy: TombstonePurgePolicy
    private let batchSize: Int
    private let logger: Logger

    public init(connection: PostgresConnection, policy: TombstonePurgePolicy, batchSize: Int = 5000, logger: Logger) {
        self.connection = connection
        self.policy = policy
        self.batchSize = max(1, batchSize)
        self.logger = logger
    }

    /// Returns how many tombstones were forgotten.
    @discardableResult
    public func purge(now: Timestamp) async throws -> Int {
        let newest = String(Int64(bitPattern: policy.newestPurgeable(now: now).rawValue))
        var total = 0
        while true {
            let purged = try await connection.query("""
                WITH unacknowledged AS (
                    SELECT DISTINCT c.tbl, c.pk::text AS pk FROM regiond.changelog c
                    JOIN regiond.peer_cursors p ON p.tier = c.tier AND (c.txid, c.seq) > (p.txid, p.seq)
                ), due AS (
                    SELECT v.tbl, v.pk FROM regiond.row_versions v
                    WHERE v.deleted AND v.hlc <= $1::bigint
                      AND NOT EXISTS (SELECT 1 FROM unacknowledged u WHERE u.tbl = v.tbl AND u.pk = v.pk)
                    LIMIT $2::int
                )
                DELETE FROM regiond.row_versions v USING due d WHERE v.tbl = d.tbl AND v.pk = d.pk AND v.deleted
                """, [newest, String(batchSize)]).affectedRows
            total += purged
            if purged < batchSize { break }
        }
        if total > 0 { logger.info("tombstones purged", metadata: ["tombstones": "\(total)"]) }
        return total
    }
}
