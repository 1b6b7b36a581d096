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
///   tombstones of deleted ones (`deleted = true`, key and version only, no row data). The
///   key is the text of the primary key's `jsonb` object (canonical: equal keys have equal
///   text), in collation "C": every capture and every apply looks rows up by it, and comparing
///   bytes costs a fraction of comparing `jsonb` values or locale-aware text (schema
///   version 3; `upgradeVersionKeys` converts a version 2 table in place).
/// - `peer_cursors`: how far each peer acknowledged each tier; the changelog is pruned below
///   the slowest one.
/// - `hlc_clock`: the region's HLC floor, a sequence rather than a table row so writers do not
///   serialise on a row lock. A capturing statement's clock is `max(wall clock, hlc_clock + 1)`;
///   `setval` moves the sequence past versions seen from peers, so local writes stay above them
///   even when this region's wall clock is behind.
/// - `capture_<schema>_<table>()`, statement-level triggers over transition tables (see
///   `CaptureFunctionSQL`), which skip writes made while `regiond.applying = on` (the
///   applier's own writes: no replication loops).
///
/// - in logical mode (`capture`), instead of triggers: `drain_<schema>_<table>()` functions
///   (`DrainFunctionSQL`), the publication, and `capture_state` (`LogicalCaptureSQL`).
///
/// The script reads nothing from the tool's side of the catalog: primary keys are looked up
/// by `regiond.install_capture` inside the database, so the script can be printed without one.
public struct InstallScript: Sendable {
    public static let schemaVersion = 3
    /// NOTIFY channel the capture signals when replicated rows changed; at most once per
    /// `notifyWindowMilliseconds`, so readers must also poll.
    public static let notifyChannel = "regiond_changes"

    public var origin: RegionName
    public var peers: [RegionName]
    public var tiers: [TierConfig]
    public var residency: ResidencyConfig
    public var tables: [TableSchema]
    /// How the script captures changes; see `CaptureMode` and `LogicalCaptureSQL`.
    public var capture: CaptureMode = .trigger

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

    /// The script for every replicated table of `config`, without a database: what
    /// `regiond install --dry-run` prints. The tables are checked when the script runs.
    public init(config: RegionsConfig, region: RegionName) throws {
        try self.init(
            config: config, region: region,
            tables: config.replicatedTables.map { TableSchema(name: $0, columns: [], primaryKey: []) })
    }

    public var installSQL: String {
        let captures = tables.map { capture == .trigger ? triggerCapture($0) : logicalCapture($0) }
        let tail = capture == .trigger ? LogicalCaptureSQL.switchToTriggerSQL : logicalSQL.installTail
        return ([header, coreObjects, functions, cursors] + captures + [tail]).joined(separator: "\n")
    }

    /// What `regiond install --dry-run` prints: in logical mode, the publication and the slot
    /// that are created before the install transaction, then the transaction's script.
    public var dryRunSQL: String {
        guard capture == .logical else { return installSQL }
        return "-- before the transaction: the publication (the slot decodes through it from its start), then the slot\n"
            + "-- (a logical slot cannot be created in a transaction that wrote):\n"
            + logicalSQL.publicationSQL + LogicalCaptureSQL.createSlotSQL + ";\n\n" + installSQL
    }

    /// Drops the replication slot and publication of logical capture first: they live outside
    /// the schema, and a slot left behind would keep WAL forever.
    public static var uninstallSQL: String {
        LogicalCaptureSQL.dropSlotAndPublicationSQL
            + "-- Dropping the schema drops the capture functions and, with them, the triggers.\nDROP SCHEMA IF EXISTS regiond CASCADE;\n"
    }

    var logicalSQL: LogicalCaptureSQL {
        LogicalCaptureSQL(tables: tables, residency: residency)
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
        ALTER TABLE regiond.settings ADD COLUMN IF NOT EXISTS capture_mode text NOT NULL DEFAULT 'trigger'
            CHECK (capture_mode IN ('trigger', 'logical'));
        ALTER TABLE regiond.settings ADD COLUMN IF NOT EXISTS capture_slot text;
        -- Logical capture's progress: every commit of the slot before last_lsn is in the changelog.
        CREATE TABLE IF NOT EXISTS regiond.capture_state (
            id boolean PRIMARY KEY DEFAULT true CHECK (id),
            last_lsn pg_lsn NOT NULL,
            flushed_at timestamptz
        );
        INSERT INTO regiond.capture_state (last_lsn) VALUES (pg_current_wal_insert_lsn()) ON CONFLICT DO NOTHING;
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
            tbl text COLLATE "C" NOT NULL,
            pk text COLLATE "C" NOT NULL,
            hlc bigint NOT NULL,
            origin text NOT NULL,
            deleted boolean NOT NULL DEFAULT false,
            changed_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (tbl, pk)
        );
        \(Self.upgradeVersionKeys)
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
        CREATE SEQUENCE IF NOT EXISTS regiond.notified_window AS bigint MINVALUE 0 START 0;

        \(Self.readChangesFunction)

        DROP FUNCTION IF EXISTS regiond.record_change(text, text, text, jsonb, text, text, jsonb);
        DROP FUNCTION IF EXISTS regiond.next_hlc(bigint);
        -- Until this release every capture called it; they now read the clock inline.
        DROP FUNCTION IF EXISTS regiond.tick(text);
        DROP FUNCTION IF EXISTS regiond.notify_change() CASCADE;

        -- Creates one table's capture function. The primary key is read from the catalog
        -- here, in the database, so the script (and 'regiond install --dry-run') does not
        -- depend on a catalog read by the tool.
        CREATE OR REPLACE FUNCTION regiond.install_capture(p_table text, p_body text)
        RETURNS void LANGUAGE plpgsql AS $install$
        DECLARE
            relation regclass := to_regclass(p_table);
            old_key text;
            new_key text;
            key_match text;
        BEGIN
            IF relation IS NULL THEN
                RAISE EXCEPTION 'table % named in the tiers does not exist in this database', p_table
                    USING HINT = 'create it (or fix the name in regions.yaml) before running regiond install';
            END IF;
            SELECT string_agg(format('%L, o.%I', a.attname, a.attname), ', ' ORDER BY k.ordinal),
                   string_agg(format('%L, n.%I', a.attname, a.attname), ', ' ORDER BY k.ordinal),
                   string_agg(format('t.%I = k.%I', a.attname, a.attname), ' AND ' ORDER BY k.ordinal)
            INTO old_key, new_key, key_match
            FROM pg_index i
            CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ordinal)
            JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
            WHERE i.indrelid = relation AND i.indisprimary;
            IF old_key IS NULL THEN
                RAISE EXCEPTION 'table % has no primary key', p_table
                    USING HINT = 'last-write-wins replication identifies rows by key; add one';
            END IF;
            EXECUTE replace(replace(replace(p_body, \(sqlLiteral(Self.oldKeyPlaceholder)), old_key), \(sqlLiteral(Self.newKeyPlaceholder)), new_key),
                \(sqlLiteral(Self.keyMatchPlaceholder)), key_match);
        END
        $install$;

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

    private func triggerCapture(_ table: TableSchema) -> String {
        CaptureFunctionSQL(table: table, tier: tier(of: table), origin: origin, rule: residency.tables[table.name]).installSQL
    }

    private func logicalCapture(_ table: TableSchema) -> String {
        LogicalCaptureSQL.dropTriggersSQL(table)
            + DrainFunctionSQL(table: table, tier: tier(of: table), origin: origin, rule: residency.tables[table.name]).installSQL
    }

    private func tier(of table: TableSchema) -> String { tiers.first { $0.tables.contains(table.name) }?.name ?? "" }

    /// Stand-ins for the primary key's `jsonb_build_object` arguments over the old (`o`) and
    /// new (`n`) rows, filled in by `regiond.install_capture` from the catalog.
    static let oldKeyPlaceholder = "/*regiond: key of o*/"
    static let newKeyPlaceholder = "/*regiond: key of n*/"
    /// Stand-in for `t.<key> = k.<key> AND ...`: the current row `t` with the key of row `k`.
    static let keyMatchPlaceholder = "/*regiond: t = k on key*/"
    /// At most one NOTIFY per this many milliseconds (see `CaptureFunctionSQL`).
    public static let notifyWindowMilliseconds = 10
}
