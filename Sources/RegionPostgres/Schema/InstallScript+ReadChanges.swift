extension InstallScript {
    /// One page of a tier's changelog after a position, below the snapshot horizon (see
    /// `ChangeReader`), walked in key order on the primary key.
    ///
    /// The planner settings are pinned on purpose: the changelog is a queue (filled by
    /// writers, emptied by pruning), so its statistics are nearly always stale, and with stale
    /// ones PostgreSQL picks a bitmap scan of every unread row plus a sort for each page:
    /// 0.6 s per 10 000-row page over a 200 000-row backlog, against 30 ms in key order, and
    /// growing with the backlog a peer that was down must catch up on.
    static let readChangesFunction = """
        CREATE OR REPLACE FUNCTION regiond.read_changes(p_tier text, p_txid xid8, p_seq bigint, p_limit integer)
        RETURNS SETOF regiond.changelog LANGUAGE sql STABLE
        SET enable_bitmapscan = off SET enable_seqscan = off SET enable_sort = off
        AS $read$
            SELECT * FROM regiond.changelog c
            WHERE c.tier = p_tier AND (c.txid, c.seq) > (p_txid, p_seq)
              AND c.txid < pg_snapshot_xmin(pg_current_snapshot())
            ORDER BY c.txid, c.seq
            LIMIT p_limit
        $read$;
        """
}
