import RegionCore

/// The capture of one replicated table: a statement-level trigger function over the
/// statement's transition tables, and the three triggers that call it.
///
/// Set-based on purpose: one statement's rows are versioned and logged by one SQL statement
/// (an upsert into `regiond.row_versions` and an insert into `regiond.changelog`), not by a
/// PL/pgSQL call per row, which is what made capture cost 60 % of insert throughput.
///
/// One clock reading per statement, inline (no nested function call): `max(wall clock,
/// hlc_clock + 1)`, where `hlc_clock` is the highest version this region has seen ahead of
/// its wall clock. A statement only reads the sequence: `nextval` takes the sequence page's
/// exclusive lock and WAL-logs every 32 calls, which cost about 8 % of single-row insert
/// throughput with four concurrent writers (pgbench, fsync off). The sequence moves (a
/// `setval`) only past versions ahead of the wall clock: those seen from peers (by the
/// applier) and the versions a statement wrote while the clock was behind, so successive
/// statements keep climbing until the wall clock catches up. Every row of one statement gets
/// `max(clock, previous version of that row + 1)`: a local write never falls below a version
/// this region has seen, and versions grow per row.
///
/// Updates are matched by primary key between the old and new transition tables: a key on
/// both sides is an update, a key only in the old rows a delete, a key only in the new rows
/// an insert (so an update that changes the key reaches peers as a delete plus an insert).
struct CaptureFunctionSQL {
    var table: TableSchema
    var tier: String
    var origin: RegionName
    var rule: TableResidency?

    var functionName: String { "regiond.\(SQLIdentifier("capture_\(table.schema)_\(table.table)").quoted)" }

    /// Creates the function (through `regiond.install_capture`, which fills in the primary
    /// key) and the triggers; drops the row-level triggers of schema version 1.
    var installSQL: String {
        let relation = table.qualified
        return """
            -- capture for \(table.name) (tier \(tier))
            SELECT regiond.install_capture(\(sqlLiteral(relation)), \(dollarQuoted(functionSQL)));
            DROP TRIGGER IF EXISTS regiond_capture ON \(relation);
            DROP TRIGGER IF EXISTS regiond_notify ON \(relation);
            CREATE OR REPLACE TRIGGER regiond_capture_insert AFTER INSERT ON \(relation)
                REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION \(functionName)();
            CREATE OR REPLACE TRIGGER regiond_capture_update AFTER UPDATE ON \(relation)
                REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION \(functionName)();
            CREATE OR REPLACE TRIGGER regiond_capture_delete AFTER DELETE ON \(relation)
                REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION \(functionName)();

            """
    }

    var functionSQL: String {
        let oldKey = "jsonb_build_object(\(InstallScript.oldKeyPlaceholder))"
        let newKey = "jsonb_build_object(\(InstallScript.newKeyPlaceholder))"
        let oldClass = ResidencyClassSQL.expression(for: rule, row: "o")
        let newClass = ResidencyClassSQL.expression(for: rule, row: "n")
        return """
            CREATE OR REPLACE FUNCTION \(functionName)() RETURNS trigger
            LANGUAGE plpgsql AS $fn$
            DECLARE
                wall_ms bigint;
                clock bigint;
                newest bigint;
            BEGIN
                IF current_setting('regiond.applying', true) = 'on' THEN
                    RETURN NULL;
                END IF;
                IF TG_OP = 'INSERT' THEN
                    IF NOT EXISTS (SELECT FROM new_rows) THEN
                        RETURN NULL;
                    END IF;
                    \(tick)
                    \(versionAndLogDistinctKeys(operation: "I", rows: "new_rows n", key: newKey, classBefore: "NULL::text", classAfter: newClass, row: "to_jsonb(n)"))
                ELSIF TG_OP = 'DELETE' THEN
                    IF NOT EXISTS (SELECT FROM old_rows) THEN
                        RETURN NULL;
                    END IF;
                    \(tick)
                    \(versionAndLogDistinctKeys(operation: "D", rows: "old_rows o", key: oldKey, classBefore: oldClass, classAfter: "NULL::text", row: "NULL::jsonb"))
                ELSE
                    IF NOT EXISTS (SELECT FROM new_rows) THEN
                        RETURN NULL;
                    END IF;
                    \(tick)
                    WITH before AS (
                        SELECT \(oldKey) AS pk, \(oldClass) AS class FROM old_rows o
                    ), after AS (
                        SELECT row_number() OVER () AS ordinal, \(newKey) AS pk, \(newClass) AS class, to_jsonb(n) AS row
                        FROM new_rows n
                    ), changes AS (
                        SELECT coalesce(a.ordinal, 0) AS ordinal,
                               CASE WHEN b.pk IS NULL THEN 'I' WHEN a.pk IS NULL THEN 'D' ELSE 'U' END AS op,
                               coalesce(a.pk, b.pk) AS pk, b.class AS class_old,
                               a.class AS class_new, a.row
                        FROM before b FULL JOIN after a ON a.pk = b.pk
                    )\(versionAndLog)
                END IF;
                IF newest > wall_ms << 16 AND newest > coalesce(pg_sequence_last_value('regiond.hlc_clock'::regclass), -1) THEN
                    PERFORM setval('regiond.hlc_clock', newest);
                END IF;
                RETURN NULL;
            END
            $fn$;
            """
    }

    /// Reads the clock once for the statement and wakes the readers: NOTIFY serialises the
    /// commits of every notifying transaction in the cluster, so only the first statement of
    /// each `InstallScript.notifyWindowMilliseconds` window notifies, and readers also poll.
    /// The window is read with `pg_sequence_last_value` (NULL until the first `setval`), an
    /// expression PL/pgSQL evaluates without starting a query as `SELECT last_value` does.
    private var tick: String {
        let window = InstallScript.notifyWindowMilliseconds
        return """
            wall_ms := floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint;
                                clock := greatest(wall_ms << 16, coalesce(pg_sequence_last_value('regiond.hlc_clock'::regclass), -1) + 1);
                                IF wall_ms / \(window) > coalesce(pg_sequence_last_value('regiond.notified_window'::regclass), -1) THEN
                                    PERFORM setval('regiond.notified_window', wall_ms / \(window)), pg_notify(\(sqlLiteral(InstallScript.notifyChannel)), \(sqlLiteral(tier)));
                                END IF;
            """
    }

    /// Versions and logs the rows of an INSERT or a DELETE, straight from the transition
    /// table: one statement's inserted (or deleted) rows have distinct keys, so unlike an
    /// update's old and new rows they need no matching, and logging them in any order within
    /// the statement is the same. Skipping the `changes` CTE, its window function and its sort
    /// makes a single-row insert's capture 10–15 % cheaper (pgbench, fsync off).
    private func versionAndLogDistinctKeys(
        operation: String, rows: String, key: String, classBefore: String, classAfter: String, row: String
    ) -> String {
        let name = sqlLiteral(table.name)
        let originName = sqlLiteral(origin.rawValue)
        return """
            WITH versions AS (
                        \(versionUpsert(select: "\(name), \(key)::text, clock, \(originName), \(operation == "D"), now() FROM \(rows)"))
                    ), logged AS (
                        INSERT INTO regiond.changelog (tier, tbl, op, pk, hlc, origin, class_old, class_new, row)
                        SELECT \(sqlLiteral(tier)), \(name), '\(operation)', \(key), v.hlc, \(originName), \(classBefore), \(classAfter), \(row)
                        FROM \(rows) JOIN versions v ON v.pk = \(key)::text
                        RETURNING hlc
                    )
                    SELECT max(hlc) INTO newest FROM logged;
            """
    }

    /// Versions the selected `(tbl, pk, hlc, origin, deleted, changed_at)` rows: a key's
    /// version only ever grows, even when the wall clock behind `clock` steps back.
    private func versionUpsert(select: String) -> String {
        """
        INSERT INTO regiond.row_versions AS v (tbl, pk, hlc, origin, deleted, changed_at)
                        SELECT \(select)
                        ON CONFLICT (tbl, pk) DO UPDATE
                        SET hlc = greatest(EXCLUDED.hlc, v.hlc + 1), origin = EXCLUDED.origin, deleted = EXCLUDED.deleted,
                            changed_at = EXCLUDED.changed_at
                        RETURNING v.pk, v.hlc
        """
    }

    /// The tail of an update: version every change (taking the row lock on its `row_versions`
    /// entry), log it in the statement's row order, and keep the newest version for the HLC clock.
    private var versionAndLog: String {
        let name = sqlLiteral(table.name)
        let originName = sqlLiteral(origin.rawValue)
        return """
            , versions AS (
                        \(versionUpsert(select: "\(name), c.pk::text, clock, \(originName), c.op = 'D', now() FROM changes c"))
                    ), logged AS (
                        INSERT INTO regiond.changelog (tier, tbl, op, pk, hlc, origin, class_old, class_new, row)
                        SELECT \(sqlLiteral(tier)), \(name), c.op, c.pk, v.hlc, \(originName), c.class_old, c.class_new, c.row
                        FROM changes c JOIN versions v ON v.pk = c.pk::text
                        ORDER BY c.ordinal, c.op
                        RETURNING hlc
                    )
                    SELECT max(hlc) INTO newest FROM logged;
            """
    }

    /// `$capture$...$capture$`, a literal that needs no escaping of the function's quotes.
    private func dollarQuoted(_ text: String) -> String { "$capture$\n" + text + "\n$capture$" }
}
