import Logging
import RegionCore

/// Reads one region's changelog for its peers, and keeps the per-peer cursors and the
/// pruning that bounds the changelog.
///
/// Exactly once: `read` returns only changes of transactions below the horizon
/// `pg_snapshot_xmin(pg_current_snapshot())` (all ended), in `(txid, seq)` order; changes of
/// transactions still open have a txid at or above it and come in a later read. A long
/// transaction therefore delays capture (as it delays vacuum) but is never skipped.
///
/// In logical capture mode each read first drains the replication slot into the changelog
/// (`LogicalCaptureDrain`), so callers need not know the mode. The capture triggers' NOTIFY
/// does not exist in that mode: the Replicator finds changes by polling (`pollInterval`).
///
/// Pages come from `regiond.read_changes`, which walks the changelog's primary key in order
/// whatever its (always stale) statistics say; see `InstallScript.readChangesFunction`.
public struct ChangeReader: Sendable {
    private let connection: PostgresConnection
    private let logger: Logger
    private let captureMode = CaptureModeDetection()

    public init(connection: PostgresConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    /// Up to `limit` changes of `tier` after `position`; `include` filters them (e.g. by
    /// residency for one destination) without stopping the batch's `end` from advancing.
    public func read(
        tier: String, after position: ChangePosition, limit: Int = 5_000,
        including include: (CapturedChange) -> Bool = { _ in true }
    ) async throws -> ChangeBatch {
        if let drain = try await captureMode.drain(using: connection, logger: logger) {
            try await drain.drain(using: connection)
        }
        // Columns are qualified with `c.` on purpose: the output column `txid` is text, and an
        // unqualified `ORDER BY txid` would sort by it ("1000" before "999"), so a page would
        // end past transactions it never returned. The function returns the page in order
        // already; the ORDER BY only makes that a guarantee (sorting a sorted page is cheap).
        let rows = try await connection.query("""
            SELECT c.txid::text AS txid, c.seq, c.tbl, c.op, c.pk::text AS pk, c.hlc, c.origin, c.class_old, c.class_new,
                   c.row::text AS row
            FROM regiond.read_changes($1, $2::xid8, $3::bigint, $4::integer) c
            ORDER BY c.txid, c.seq
            """, [tier, String(position.txid), String(position.seq), String(limit)])
        var changes: [CapturedChange] = []
        var end = position
        for row in rows.rows {
            let change = try Self.decode(row, tier: tier)
            guard change.position > end else { throw ChangeReaderError.outOfOrder(after: end, got: change.position) }
            end = change.position
            if include(change) { changes.append(change) }
        }
        return ChangeBatch(changes: changes, end: end, scanned: rows.count)
    }

    /// Where `peer` acknowledged `tier` up to.
    public func cursor(peer: RegionName, tier: String) async throws -> ChangePosition {
        let rows = try await connection.query(
            "SELECT txid::text AS txid, seq FROM regiond.peer_cursors WHERE peer = $1 AND tier = $2", [peer.rawValue, tier])
        guard let row = rows.first, let txid = row["txid"].flatMap(UInt64.init), let seq = row["seq"].flatMap(Int64.init) else {
            return .start
        }
        return ChangePosition(txid: txid, seq: seq)
    }

    /// Records that `peer` applied `tier` through `position`; never moves a cursor back.
    public func acknowledge(peer: RegionName, tier: String, through position: ChangePosition) async throws {
        try await connection.query("""
            INSERT INTO regiond.peer_cursors AS c (peer, tier, txid, seq, acknowledged_at)
            VALUES ($1, $2, $3::xid8, $4::bigint, now())
            ON CONFLICT (peer, tier) DO UPDATE
            SET txid = EXCLUDED.txid, seq = EXCLUDED.seq, acknowledged_at = EXCLUDED.acknowledged_at
            WHERE (EXCLUDED.txid, EXCLUDED.seq) > (c.txid, c.seq)
            """, [peer.rawValue, tier, String(position.txid), String(position.seq)])
    }

    /// Deletes changelog rows every peer acknowledged; returns how many.
    @discardableResult
    public func prune() async throws -> Int {
        let result = try await connection.query("""
            DELETE FROM regiond.changelog c
            USING (SELECT DISTINCT ON (tier) tier, txid, seq FROM regiond.peer_cursors ORDER BY tier, txid, seq) slowest
            WHERE c.tier = slowest.tier AND (c.txid, c.seq) <= (slowest.txid, slowest.seq)
            """)
        if result.affectedRows > 0 { logger.debug("changelog pruned", metadata: ["rows": "\(result.affectedRows)"]) }
        return result.affectedRows
    }

    static func decode(_ row: PostgresRow, tier: String) throws -> CapturedChange {
        guard
            let txid = row["txid"].flatMap(UInt64.init), let seq = row["seq"].flatMap(Int64.init),
            let table = row["tbl"], let operation = row["op"].flatMap(CapturedChange.Operation.init(rawValue:)),
            let key = row["pk"], let hlc = row["hlc"].flatMap(Int64.init), let origin = row["origin"]
        else {
            throw PostgresError(kind: .statement, message: "regiond.changelog row is malformed; was the schema edited by hand? re-run 'regiond install'")
        }
        return CapturedChange(
            position: ChangePosition(txid: txid, seq: seq), table: table, tier: tier, operation: operation,
            primaryKey: key, version: Version(hlc: HLC(rawValue: UInt64(bitPattern: hlc)), origin: RegionName(origin)),
            classBefore: row["class_old"], classAfter: row["class_new"], row: row["row"])
    }
}
