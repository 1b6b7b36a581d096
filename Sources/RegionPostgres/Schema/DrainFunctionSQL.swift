import RegionCore

/// The function that writes one table's changes decoded from the `regiond_capture` slot into
/// the changelog and `row_versions`, exactly as `CaptureFunctionSQL`'s trigger would have
/// written them: same operations, keys, rows, residency classes and versions.
///
/// Called by `LogicalCaptureDrain` once per table and drain with aligned arrays, one element
/// per change in commit order: the operation (`I`, `U`, `D`), the transaction's clock
/// candidate (its commit time as an HLC), the new tuple and the old tuple as JSON objects of
/// text values, and whether the new tuple lacks unchanged TOASTed columns. Such columns are
/// read from the current row (`json_populate_record` keeps the base record's value for a
/// column its JSON lacks): the row as it is now, which a later change of the same drain
/// supersedes anyway with a higher version.
///
/// Versions: per key, `v(i) = max(clock(i), v(i-1) + 1)` starting from the stored version,
/// computed set-based as `i + max(stored, max over j <= i of clock(j) - j)`. The clock is
/// `max(commit time, nextval(hlc_clock))`, read once per call, as the trigger reads it once
/// per statement. An update that changes the key is logged as a delete and an insert.
struct DrainFunctionSQL {
    var table: TableSchema
    var tier: String
    var origin: RegionName
    var rule: TableResidency?

    /// `regiond."drain_<schema>_<table>"`; the drain derives it from the slot's relation name.
    static func functionName(schema: String, table: String) -> String {
        "regiond.\(SQLIdentifier("drain_\(schema)_\(table)").quoted)"
    }

    var functionName: String { Self.functionName(schema: table.schema, table: table.table) }

    var installSQL: String {
        "-- logical capture for \(table.name) (tier \(tier))\n"
            + "SELECT regiond.install_capture(\(sqlLiteral(table.qualified)), $drain$\n\(functionSQL)\n$drain$);\n"
    }

    var functionSQL: String {
        let relation = table.qualified
        let name = sqlLiteral(table.name)
        let originName = sqlLiteral(origin.rawValue)
        return """
            CREATE OR REPLACE FUNCTION \(functionName)(p_ops text[], p_clocks bigint[], p_new json[], p_old json[], p_partial boolean[])
            RETURNS bigint LANGUAGE sql AS $fn$
                WITH input AS (
                    SELECT * FROM unnest(p_ops, p_clocks, p_new, p_old, p_partial) WITH ORDINALITY AS i(op, clock, new_tuple, old_tuple, partial, ordinal)
                ), clock_floor AS (
                    SELECT nextval('regiond.hlc_clock') AS value
                ), decoded AS (
                    SELECT i.ordinal, i.op, greatest(i.clock, f.value) AS clock,
                           jsonb_build_object(\(InstallScript.oldKeyPlaceholder)) AS old_key, \(ResidencyClassSQL.expression(for: rule, row: "o")) AS old_class,
                           jsonb_build_object(\(InstallScript.newKeyPlaceholder)) AS new_key, \(ResidencyClassSQL.expression(for: rule, row: "n")) AS new_class,
                           to_jsonb(n) AS row_json
                    FROM input i CROSS JOIN clock_floor f
                    CROSS JOIN LATERAL json_populate_record(NULL::\(relation), coalesce(i.old_tuple, i.new_tuple)) o
                    LEFT JOIN LATERAL (
                        SELECT t FROM \(relation) t, json_populate_record(NULL::\(relation), i.new_tuple) k
                        WHERE i.partial AND \(InstallScript.keyMatchPlaceholder)
                    ) present ON true
                    CROSS JOIN LATERAL json_populate_record(present.t, i.new_tuple) n
                ), changes AS (
                    SELECT ordinal, 1 AS part, 'D' AS op, old_key AS pk, old_class AS class_old, NULL::text AS class_new,
                           NULL::jsonb AS row_json, clock
                    FROM decoded WHERE op = 'D' OR (op = 'U' AND old_key <> new_key)
                    UNION ALL
                    SELECT ordinal, 2, CASE WHEN op = 'U' AND old_key = new_key THEN 'U' ELSE 'I' END, new_key,
                           CASE WHEN op = 'U' AND old_key = new_key THEN old_class END, new_class, row_json, clock
                    FROM decoded WHERE op <> 'D'
                ), numbered AS (
                    SELECT c.*, row_number() OVER (PARTITION BY c.pk ORDER BY c.ordinal, c.part) AS nth FROM changes c
                ), versioned AS (
                    SELECT n.*, n.nth + greatest(coalesce(v.hlc, 0),
                               max(n.clock - n.nth) OVER (PARTITION BY n.pk ORDER BY n.ordinal, n.part ROWS UNBOUNDED PRECEDING)) AS hlc
                    FROM numbered n LEFT JOIN regiond.row_versions v ON v.tbl = \(name) AND v.pk = n.pk::text
                ), latest AS (
                    INSERT INTO regiond.row_versions AS v (tbl, pk, hlc, origin, deleted, changed_at)
                    SELECT DISTINCT ON (pk) \(name), pk::text, hlc, \(originName), op = 'D', now() FROM versioned ORDER BY pk, hlc DESC
                    ON CONFLICT (tbl, pk) DO UPDATE
                    SET hlc = greatest(EXCLUDED.hlc, v.hlc + 1), origin = EXCLUDED.origin, deleted = EXCLUDED.deleted,
                        changed_at = EXCLUDED.changed_at
                    RETURNING v.hlc
                ), logged AS (
                    INSERT INTO regiond.changelog (tier, tbl, op, pk, hlc, origin, class_old, class_new, row)
                    SELECT \(sqlLiteral(tier)), \(name), op, pk, hlc, \(originName), class_old, class_new, row_json
                    FROM versioned ORDER BY ordinal, part
                    RETURNING hlc
                )
                SELECT greatest((SELECT max(hlc) FROM logged), (SELECT max(hlc) FROM latest))
            $fn$;
            """
    }
}
