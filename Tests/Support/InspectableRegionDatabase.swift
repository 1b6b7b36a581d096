import RegionPostgres

/// A region's database as tests look into it: rows and versions in a stable order, and
/// writes made the way an operator editing behind regiond's back would make them.
public protocol InspectableRegionDatabase {
    var connection: PostgresConnection { get }
}

extension InspectableRegionDatabase {
    /// Runs `sql` with the capture triggers off: the change reaches no peer and no version.
    public func behindRegiondsBack(_ sql: String) async throws {
        try await connection.execute("SET session_replication_role = replica; \(sql); SET session_replication_role = origin;")
    }

    /// Every row of `table` as `jsonb` text, by `id`.
    public func dump(_ table: String) async throws -> [String] {
        try await connection.query("SELECT to_jsonb(t)::text AS row FROM \(table) t ORDER BY id").rows.compactMap { $0["row"] }
    }

    /// `table`'s entries in `regiond.row_versions` as "key hlc origin deleted", by key.
    public func versions(_ table: String) async throws -> [String] {
        try await connection.query(
            "SELECT pk::text || ' ' || hlc || ' ' || origin || ' ' || deleted AS v FROM regiond.row_versions WHERE tbl = $1 ORDER BY pk",
            [table]).rows.compactMap { $0["v"] }
    }
}
