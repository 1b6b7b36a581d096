/// Marks a transaction as regiond's own (a peer's changes applied, a retention purge, a
/// repair), so that neither capture ships it back: no replication loops.
///
/// Two marks, one per capture mode, both set by `sql`: the setting `regiond.applying = on`,
/// which the capture triggers read, and a transactional logical decoding message, which the
/// drain of the `regiond_capture` slot reads (`pgoutput` in PostgreSQL 15 has no origin
/// filter, and replication origins need superuser; `pg_logical_emit_message` needs no
/// privilege and works at every `wal_level`). The message costs one small WAL record per
/// transaction, so it is written in trigger mode too, and a database switched between modes
/// never captures a regiond write.
public enum AppliedTransactionMarker {
    /// The message prefix the drain recognises.
    public static let prefix = "regiond.applying"

    /// Run first inside the transaction to mark.
    public static let sql = """
        SET LOCAL regiond.applying = 'on';
        SELECT pg_logical_emit_message(true, '\(prefix)', '');
        """
}
