import RegionCore

/// The SQL of logical capture (`CaptureMode.logical`) outside the per-table drain functions:
/// the publication, the slot, the replica identities, and the switch between modes.
///
/// The slot is named after the database (`regiond_capture_<database>`): slot names are
/// cluster-wide, and several regions' databases may share a cluster (tests, the demo).
/// It is created outside the install transaction (PostgreSQL refuses to create a logical slot
/// in a transaction that has written), before it, so that no commit falls between the
/// triggers' removal and the slot's start. The install transaction then records
/// `capture_state.last_lsn = pg_current_wal_insert_lsn()` once it holds the tables' locks:
/// every commit the triggers captured lies before it, every later one is the drain's.
struct LogicalCaptureSQL {
    static let publication = "regiond_capture"

    var tables: [TableSchema]
    var residency: ResidencyConfig

    /// The slot name as SQL, computed in the database so `--dry-run` needs none.
    static let slotNameExpression =
        "left('regiond_capture_' || regexp_replace(lower(current_database()), '[^a-z0-9_]', '_', 'g'), 63)"

    static let createSlotSQL = """
        SELECT pg_create_logical_replication_slot(s.name, 'pgoutput')
        FROM (SELECT \(slotNameExpression) AS name) s
        WHERE NOT EXISTS (SELECT FROM pg_replication_slots WHERE slot_name = s.name)
        """

    static let dropSlotAndPublicationSQL = """
        DROP PUBLICATION IF EXISTS \(publication);
        SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots
        WHERE slot_name = \(slotNameExpression) AND database = current_database();

        """

    static func dropTriggersSQL(_ table: TableSchema) -> String {
        ["regiond_capture_insert", "regiond_capture_update", "regiond_capture_delete", "regiond_capture", "regiond_notify"]
            .map { "DROP TRIGGER IF EXISTS \($0) ON \(table.qualified);\n" }.joined()
    }

    /// Tables whose residency class comes from a column need their old rows' columns on
    /// updates and deletes (`class_old`); `REPLICA IDENTITY DEFAULT` sends only the old key,
    /// and only when it changed, so those tables get `REPLICA IDENTITY FULL` (the whole old
    /// row in the WAL of each update and delete of them).
    var installTail: String {
        var sql = "-- logical capture: replica identities, publication, progress, mode\n"
        for table in tables {
            if case .byColumn = residency.tables[table.name] {
                sql += "ALTER TABLE \(table.qualified) REPLICA IDENTITY FULL;\n"
            }
        }
        sql += publicationSQL
        sql += """
            UPDATE regiond.capture_state SET last_lsn = pg_current_wal_insert_lsn()
            WHERE (SELECT capture_mode FROM regiond.settings) <> 'logical';
            UPDATE regiond.settings SET capture_mode = 'logical', capture_slot = \(Self.slotNameExpression);

            """
        return sql
    }

    /// Creates or updates the publication. Also run on its own before the slot is created:
    /// `pgoutput` reads the publication through the catalog as of each decoded commit, so a
    /// publication created after the slot's start fails the first decode.
    var publicationSQL: String {
        let list = tables.map(\.qualified).joined(separator: ", ")
        return """
            DO $publication$
            BEGIN
                IF EXISTS (SELECT FROM pg_publication WHERE pubname = \(sqlLiteral(Self.publication))) THEN
                    ALTER PUBLICATION \(Self.publication) SET TABLE \(list);
                    ALTER PUBLICATION \(Self.publication) SET (publish = 'insert, update, delete');
                ELSE
                    CREATE PUBLICATION \(Self.publication) FOR TABLE \(list) WITH (publish = 'insert, update, delete');
                END IF;
            END
            $publication$;

            """
    }

    /// The end of a trigger-mode script. The slot and the publication are dropped after the
    /// transaction commits (`SchemaInstaller`), once the slot's last commits are drained: the
    /// drain decodes through the catalog of each commit and needs the publication meanwhile.
    static let switchToTriggerSQL = """
        UPDATE regiond.settings SET capture_mode = 'trigger', capture_slot = NULL;

        """
}
