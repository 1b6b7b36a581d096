import Logging
import RegionCore
import RegionIntegrity
import RegionPostgres

/// One region of the benchmark: its own PostgreSQL cluster, regiond installed, `rows` rows.
struct BenchmarkRegion {
    let name: RegionName
    let cluster: LocalPostgresCluster
    let connection: PostgresConnection
    let store: PostgresIntegrityStore

    static func start(_ name: RegionName, logger: Logger) async throws -> BenchmarkRegion {
        let cluster = try await LocalPostgresCluster.start(logger: logger)
        do {
            let connect = { try await PostgresConnection.connect(to: cluster.connectionString(), logger: logger) }
            let connection = try await connect()
            try await connection.execute(BenchmarkDeployment.applicationSchema)
            try await SchemaInstaller(config: BenchmarkDeployment.config(), region: name, logger: logger).install(using: connection)
            let store = try await PostgresIntegrityStore.open(
                config: BenchmarkDeployment.config(), region: name, reader: try await connect(), writer: try await connect(), logger: logger)
            return BenchmarkRegion(name: name, cluster: cluster, connection: connection, store: store)
        } catch {
            await cluster.shutdown()
            throw error
        }
    }

    /// Loads the same `rows` rows and versions as replication would have left them: written
    /// an hour ago by seoul; every fiftieth row is Korean and therefore present in seoul only.
    func load(rows: Int, settledAt hlc: HLC) async throws {
        let koreanRows = name == BenchmarkDeployment.seoul ? "true" : "g % 50 <> 0"
        try await connection.execute("""
            SET regiond.applying = 'on';
            INSERT INTO items
            SELECT g, CASE WHEN g % 50 = 0 THEN 'KR' ELSE (ARRAY['JP','SG','US','TH','VN'])[1 + g % 5] END,
                   repeat(md5(g::text), 3), timestamptz '2026-01-01' + g * interval '1 second'
            FROM generate_series(1, \(rows)) g WHERE \(koreanRows);
            INSERT INTO regiond.row_versions (tbl, pk, hlc, origin, deleted)
            SELECT 'items', jsonb_build_object('id', g), \(Int64(bitPattern: hlc.rawValue)) + g, 'seoul', false
            FROM generate_series(1, \(rows)) g WHERE \(koreanRows);
            RESET regiond.applying;
            """)
        try await connection.execute("VACUUM ANALYZE items")
        try await connection.execute("VACUUM ANALYZE regiond.row_versions")
    }

    /// Changes `count` rows behind regiond's back (capture off): edits, deletes and inserts
    /// in equal thirds, spread over the key space.
    func diverge(count: Int, rows: Int) async throws {
        let stride = max(1, rows / (count + 1))
        let ids = (1...count).map { $0 * stride + 1 }.map { $0 % 50 == 0 ? $0 + 1 : $0 }
        let edits = ids.prefix(count / 3), deletes = ids.dropFirst(count / 3).prefix(count / 3)
        let inserts = (1...(count - edits.count - deletes.count)).map { rows + $0 }
        try await connection.execute("""
            SET session_replication_role = replica;
            UPDATE items SET payload = 'edited behind regiond''s back' WHERE id IN (\(edits.map(String.init).joined(separator: ",")));
            DELETE FROM items WHERE id IN (\(deletes.map(String.init).joined(separator: ",")));
            INSERT INTO items SELECT g, 'SG', 'inserted behind regiond''s back', now() FROM unnest(ARRAY[\(inserts.map(String.init).joined(separator: ","))]::bigint[]) g;
            SET session_replication_role = origin;
            """)
    }

    func shutdown() async {
        await connection.close()
        await cluster.shutdown()
    }
}
