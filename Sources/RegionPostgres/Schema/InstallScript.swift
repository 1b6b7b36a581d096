import RegionCore

/// The SQL that installs regiond into one region's database, rendered from the config.
///
/// Pure and idempotent (`IF NOT EXISTS`, `CREATE OR REPLACE`), so `regiond install` can be
/// re-run after a config change and `--dry-run` shows exactly what would run.
///
/// Objects in schema `regiond`:
/// - `changelog`: one row per captured change, keyed `(tier, txid, seq)`. `txid` is the
///   writing transaction's xid8, which lets readers stay below the snapshot horizon (see
///   `ChangeReader`).
/// - `row_versions`: the current version `(hlc, origin)` of every replicated row, and the
///   tombstones of deleted ones (`deleted = true`, key and version only, no row data).
/// - `peer_cursors`: how far each peer acknowledged each tier; the changelog is pruned below
///   the slowest one.
/// - `hlc_clock`: the region's HLC state, a sequence rather than a table row so writers do not
///   serialise on a row lock; `nextval` keeps it strictly increasing, `setval` moves it
///   forward to the wall clock and to versions seen from peers.
/// - `capture_<schema>_<table>()` triggers, which skip writes made while
///   `regiond.applying = on` (the applier's own writes: no replication loops).
public struct InstallScript: Sendable {
    public static let schemaVersion = 1
    /// NOTIFY channel the capture signals after each statement that changed replicated rows.
    public static let notifyChannel = "regiond_changes"

    public var origin: RegionName
    public var peers: [RegionName]
    public var tiers: [TierConfig]
    public var residency: ResidencyConfig
    public var tables: [TableSchema]

    /// `peers` defaults to every other serving region: witnesses hold no data and never
    /// acknowledge, so a cursor for them would stop pruning forever.
    public init(config: RegionsConfig, region: RegionName, tables: [TableSchema]) throws {
        guard config.region(region) != nil else { throw SchemaError.unknownRegion(region.rawValue) }
        origin = region
        peers = config.servingRegions.map(\.name).filter { $0 != region }
        tiers = config.tiers
        residency = config.residency
        self.tables = tables
    }

    public var installSQL: String {
        ([header, coreObjects, functions, cursors] + tables.map(capture)).joined(separator: "\n")
    }

    public static var uninstallSQL: String {
        "-- Dropping the schema drops the capture functions and, with them, the triggers.\nDROP SCHEMA IF EXISTS regiond CASCADE;\n"
    }

    private var header: String {
        "-- regiond install for region \(origin) (schema version \(Self.schemaVersion))\nCREATE SCHEMA IF NOT EXISTS regiond;\n"
    }

    private var coreObjects: String {
        """
        CREATE TABLE IF NOT EXISTS regiond.settings (
            id boolean PRIMARY KEY DEFAULT true CHECK (id),
            origin text NOT NULL,
            schema_version integer NOT NULL
        );
        INSERT INTO regiond.settings (origin, schema_version) VALUES (\(sqlLiteral(origin.rawValue)), \(Self.schemaVersion))
            ON CONFLICT (id) DO UPDATE SET origin = EXCLUDED.origin, schema_version = EXCLUDED.schema_version;
        CREATE SEQUENCE IF NOT EXISTS regiond.hlc_clock AS bigint MINVALUE 0 START 0;
        CREATE TABLE IF NOT EXISTS regiond.changelog (
            seq bigserial NOT NULL,
            txid xid8 NOT NULL DEFAULT pg_current_xact_id(),
            tier text NOT NULL,
            tbl text NOT NULL,
            op text NOT NULL CHECK (op IN ('I', 'U', 'D')),
            pk jsonb NOT NULL,
            hlc bigint NOT NULL,
            origin text NOT NULL,
            class_old text,
            class_new text,
            row jsonb,
            captured_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (tier, txid, seq)
        );
        CREATE TABLE IF NOT EXISTS regiond.row_versions (
            tbl text NOT NULL,
            pk jsonb NOT NULL,
            hlc bigint NOT NULL,
            origin text NOT NULL,
            deleted boolean NOT NULL DEFAULT false,
            changed_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (tbl, pk)
        );
        CREATE INDEX IF NOT EXISTS row_versions_tombstones ON regiond.row_versions (changed_at) WHERE deleted;
        CREATE TABLE IF NOT EXISTS regiond.peer_cursors (
            peer text NOT NULL,
            tier text NOT NULL,
            txid xid8 NOT NULL DEFAULT '0',
            seq bigint NOT NULL DEFAULT 0,
            acknowledged_at timestamptz,
            PRIMARY KEY (peer, tier)
        );

        """
    }

    private var functions: String {
        """
        -- The change's version is max(wall clock, HLC clock + 1, previous version of the row + 1),
        -- and the HLC clock moves up to it: above everything this region handed out or saw.
        -- The previous version is read by the upsert itself (one index probe per row, not two).
        CREATE OR REPLACE FUNCTION regiond.record_change(
            p_tbl text, p_tier text, p_op text, p_pk jsonb, p_class_old text, p_class_new text, p_row jsonb
        ) RETURNS void LANGUAGE plpgsql VOLATILE AS $fn$
        DECLARE
            clock bigint := nextval('regiond.hlc_clock');
            wall bigint := floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint << 16;
            version bigint;
        BEGIN
            IF wall > clock THEN
                PERFORM setval('regiond.hlc_clock', wall);
                clock := wall;
            END IF;
            INSERT INTO regiond.row_versions AS v (tbl, pk, hlc, origin, deleted, changed_at)
                VALUES (p_tbl, p_pk, clock, \(sqlLiteral(origin.rawValue)), p_op = 'D', now())
                ON CONFLICT (tbl, pk) DO UPDATE
                SET hlc = greatest(EXCLUDED.hlc, v.hlc + 1), origin = EXCLUDED.origin, deleted = EXCLUDED.deleted,
                    changed_at = EXCLUDED.changed_at
                RETURNING v.hlc INTO version;
            IF version > clock THEN
                PERFORM setval('regiond.hlc_clock', version);
            END IF;
            INSERT INTO regiond.changelog (tier, tbl, op, pk, hlc, origin, class_old, class_new, row)
                VALUES (p_tier, p_tbl, p_op, p_pk, version, \(sqlLiteral(origin.rawValue)), p_class_old, p_class_new, p_row);
        END
        $fn$;
        DROP FUNCTION IF EXISTS regiond.next_hlc(bigint);

        CREATE OR REPLACE FUNCTION regiond.notify_change() RETURNS trigger
        LANGUAGE plpgsql AS $fn$
        BEGIN
            IF coalesce(current_setting('regiond.applying', true), '') <> 'on' THEN
                PERFORM pg_notify(\(sqlLiteral(Self.notifyChannel)), TG_ARGV[0]);
            END IF;
            RETURN NULL;
        END
        $fn$;

        """
    }

    private var cursors: String {
        var sql = tiers.flatMap { tier in
            peers.map { peer in
                "INSERT INTO regiond.peer_cursors (peer, tier) VALUES (\(sqlLiteral(peer.rawValue)), \(sqlLiteral(tier.name))) ON CONFLICT DO NOTHING;"
            }
        }
        let kept = tiers.flatMap { tier in peers.map { "(\(sqlLiteral($0.rawValue)), \(sqlLiteral(tier.name)))" } }
        sql.append(kept.isEmpty
            ? "DELETE FROM regiond.peer_cursors;"
            : "DELETE FROM regiond.peer_cursors WHERE (peer, tier) NOT IN (\(kept.joined(separator: ", ")));")
        return sql.joined(separator: "\n") + "\n"
    }

    private func capture(_ table: TableSchema) -> String {
        let tier = tiers.first { $0.tables.contains(table.name) }?.name ?? ""
        let rule = residency.tables[table.name]
        let function = "regiond.\(SQLIdentifier("capture_\(table.schema)_\(table.table)").quoted)"
        func key(_ row: String) -> String {
            "jsonb_build_object(" + table.primaryKey.map { "\(sqlLiteral($0)), \(row).\(SQLIdentifier($0).quoted)" }.joined(separator: ", ") + ")"
        }
        let oldClass = ResidencyClassSQL.expression(for: rule, row: "OLD")
        let newClass = ResidencyClassSQL.expression(for: rule, row: "NEW")
        let name = sqlLiteral(table.name)
        let tierName = sqlLiteral(tier)
        return """
            -- capture for \(table.name) (tier \(tier))
            CREATE OR REPLACE FUNCTION \(function)() RETURNS trigger
            LANGUAGE plpgsql AS $fn$
            DECLARE
                old_key jsonb;
                new_key jsonb;
            BEGIN
                IF current_setting('regiond.applying', true) = 'on' THEN
                    RETURN NULL;
                END IF;
                IF TG_OP = 'INSERT' THEN
                    PERFORM regiond.record_change(\(name), \(tierName), 'I', \(key("NEW")), NULL, \(newClass), to_jsonb(NEW));
                ELSIF TG_OP = 'DELETE' THEN
                    PERFORM regiond.record_change(\(name), \(tierName), 'D', \(key("OLD")), \(oldClass), NULL, NULL);
                ELSE
                    old_key := \(key("OLD"));
                    new_key := \(key("NEW"));
                    IF old_key <> new_key THEN
                        PERFORM regiond.record_change(\(name), \(tierName), 'D', old_key, \(oldClass), NULL, NULL);
                        PERFORM regiond.record_change(\(name), \(tierName), 'I', new_key, NULL, \(newClass), to_jsonb(NEW));
                    ELSE
                        PERFORM regiond.record_change(\(name), \(tierName), 'U', new_key, \(oldClass), \(newClass), to_jsonb(NEW));
                    END IF;
                END IF;
                RETURN NULL;
            END
            $fn$;
            CREATE OR REPLACE TRIGGER regiond_capture AFTER INSERT OR UPDATE OR DELETE ON \(table.qualified)
                FOR EACH ROW EXECUTE FUNCTION \(function)();
            CREATE OR REPLACE TRIGGER regiond_notify AFTER INSERT OR UPDATE OR DELETE ON \(table.qualified)
                FOR EACH STATEMENT EXECUTE FUNCTION regiond.notify_change(\(tierName));

            """
    }
}
