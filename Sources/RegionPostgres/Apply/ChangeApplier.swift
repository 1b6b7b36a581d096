import Logging
import RegionCore

/// Applies batches of peers' changes last-write-wins, set-based, one transaction per batch.
///
/// Per batch: one statement per touched table, its changes sent as array parameters, that keeps
/// the newest change per row, lets an `INSERT ... ON CONFLICT DO UPDATE ... WHERE incoming
/// version is newer` into `regiond.row_versions` decide the winners (tombstones included, so a
/// late update never resurrects a deleted row and an old delete never removes a newer row),
/// and deletes and upserts the winners' rows (`ApplyStatementSQL`). The version check runs
/// under the row lock of `row_versions`, so a local write committing concurrently is never
/// overwritten by an older remote one. Re-applying a batch finds equal versions and changes
/// nothing (idempotent).
///
/// The transaction sets `regiond.applying = on`, which the capture triggers skip: applied
/// changes are not captured again.
///
/// Lock order: the applier locks a row's `row_versions` entry before the row, while a local
/// writer locks the row before its `row_versions` entry (the capture runs after the write).
/// The two can therefore wait for each other. The apply transaction runs with a
/// `lock_timeout` shorter than PostgreSQL's `deadlock_timeout`, so in such a cycle the applier
/// gives up first, rolls back and retries with backoff; the application's transaction is
/// never the one PostgreSQL aborts as a deadlock victim.
///
/// `synchronous_commit` stays as configured: the peer advances its cursor once the batch is
/// acknowledged, so a commit that a crash could still lose after the acknowledgement would
/// leave a permanent hole in the replica.
public struct ChangeApplier: Sendable {
    private let connection: PostgresConnection
    private let tables: [String: TableSchema]
    private let statements: [String: String]
    private let logger: Logger
    private let lockTimeout: Duration
    private let maximumAttempts = 5

    /// `lockTimeout` must stay below the server's `deadlock_timeout` (1 s by default); see
    /// the type's documentation.
    public init(connection: PostgresConnection, tables: [TableSchema], logger: Logger, lockTimeout: Duration = .milliseconds(200)) {
        self.connection = connection
        self.tables = Dictionary(tables.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        statements = self.tables.mapValues { ApplyStatementSQL(table: $0).sql }
        self.logger = logger
        self.lockTimeout = lockTimeout
    }

    /// Reads the schemas of `tableNames` (the config's replicated tables) from the catalog.
    public static func load(tableNames: [String], connection: PostgresConnection, logger: Logger) async throws -> ChangeApplier {
        var tables: [TableSchema] = []
        for name in tableNames { tables.append(try await TableSchema.load(name, from: connection)) }
        return ChangeApplier(connection: connection, tables: tables, logger: logger)
    }

    @discardableResult
    public func apply(_ changes: [RemoteChange]) async throws -> ApplyOutcome {
        guard !changes.isEmpty else { return ApplyOutcome(received: 0, applied: 0) }
        if let unknown = changes.first(where: { tables[$0.table] == nil }) { throw ApplyError.unknownTable(unknown.table) }
        var columnsByTable: [String: IncomingColumns] = [:]
        var newest: Int64 = 0
        for change in changes {
            columnsByTable[change.table, default: IncomingColumns()].append(change)
            newest = max(newest, Int64(bitPattern: change.version.hlc.rawValue))
        }
        let parameters = columnsByTable.sorted { $0.key < $1.key }.map { [$0.key] + $0.value.parameters }
        var attempt = 1
        while true {
            do {
                let counts = try await connection.withTransaction { connection in
                    try await applyInTransaction(parameters, newest: newest, on: connection)
                }
                return ApplyOutcome(received: changes.count, applied: counts.winners, conflicts: counts.conflicts)
            } catch let error as PostgresError where (error.isTransient || error.isLockTimeout) && attempt < maximumAttempts {
                logger.info("apply batch conflicted with local writers, retrying", metadata: ["attempt": "\(attempt)", "error": "\(error)"])
                try await Task.sleep(for: lockTimeout * attempt)
                attempt += 1
            }
        }
    }

    /// `parameters`: per touched table, in name order (the lock order every applier shares),
    /// the table's name and its changes as arrays.
    private func applyInTransaction(
        _ parameters: [[String?]], newest: Int64, on connection: PostgresConnection
    ) async throws -> (winners: Int, conflicts: Int) {
        let milliseconds = lockTimeout.components.seconds * 1000 + lockTimeout.components.attoseconds / 1_000_000_000_000_000
        try await connection.execute("SET LOCAL regiond.applying = 'on'; SET LOCAL lock_timeout = \(max(1, milliseconds))")
        var winners = 0
        var conflicts = 0
        for tableParameters in parameters {
            guard let table = tableParameters.first ?? nil, let statement = statements[table] else { continue }
            try await connection.query(Self.keyLockSQL, [table, tableParameters[1]])
            let result = try await connection.query(statement, tableParameters)
            winners += result.first?["winners"].flatMap(Int.init) ?? 0
            conflicts += result.first?["conflicts"].flatMap(Int.init) ?? 0
        }
        try await connection.query("""
            SELECT setval('regiond.hlc_clock', $1::bigint) FROM regiond.hlc_clock WHERE last_value < $1::bigint
            """, [String(newest)])
        return (winners, conflicts)
    }
}

extension ChangeApplier {
    /// Takes a transaction-scoped advisory lock per incoming key (`$1` the table, `$2` the
    /// keys), in hash order so appliers never wait for each other in a cycle.
    ///
    /// It runs as its own statement so that the apply statement, which starts after it, sees
    /// the rows of every concurrent apply of the same keys that committed meanwhile. Without
    /// it a tombstone applied concurrently with an older insert of a key new to this region
    /// wins in `row_versions` yet deletes nothing (its statement's snapshot predates the
    /// insert), and the deleted row stays visible: found by the chaos suites, where batches
    /// resent after an outage are applied in parallel.
    static let keyLockSQL = """
        SELECT pg_advisory_xact_lock(h)
        FROM (SELECT DISTINCT hashtextextended($1 || ':' || k::text, 0) AS h FROM unnest($2::jsonb[]) AS u(k)) s
        ORDER BY h
        """
}

/// One table's share of a batch, column by column, as the array parameters of
/// `ApplyStatementSQL`.
private struct IncomingColumns {
    var keys = ArrayLiteral()
    var versions = ArrayLiteral()
    var origins = ArrayLiteral()
    var deletes = ArrayLiteral()
    var rows = ArrayLiteral()

    mutating func append(_ change: RemoteChange) {
        keys.append(change.primaryKey)
        versions.append(String(Int64(bitPattern: change.version.hlc.rawValue)))
        origins.append(change.version.origin.rawValue)
        deletes.append(change.isDelete ? "t" : "f")
        rows.append(change.row)
    }

    var parameters: [String?] { [keys.literal, versions.literal, origins.literal, deletes.literal, rows.literal] }
}
