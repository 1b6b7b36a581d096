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
/// The transaction is marked as regiond's own (`AppliedTransactionMarker`), which both capture
/// modes skip: applied changes are not captured again.
///
/// In logical capture mode local writes reach `row_versions` only when the slot is drained, so
/// each apply transaction runs at REPEATABLE READ and drains first
/// (`LogicalCaptureDrain.inDrainedSnapshot`); a local write committed after its snapshot fails
/// the batch with a serialization failure or unique violation, and the batch is retried.
///
/// Lock order: the applier locks a row's `row_versions` entry before the row, while a local
/// writer locks the row before its `row_versions` entry (the capture runs after the write).
/// The two can therefore wait for each other. The apply transaction runs with a
/// `lock_timeout` shorter than PostgreSQL's `deadlock_timeout`, so in such a cycle the applier
/// gives up first, rolls back and retries with backoff; the application's transaction is
/// never the one PostgreSQL aborts as a deadlock victim.
///
/// Given several connections, a batch's tables are spread over them and applied in parallel,
/// one transaction per connection: a table's changes never span two transactions, so the
/// transactions touch disjoint rows and versions and never wait for each other. A batch is
/// then no longer atomic across tables: convergence is unaffected (a failure leaves the
/// batch unacknowledged and the resend re-applies it idempotently), but readers may see one
/// table's rows before another's, so the agent gives each applier one connection: one
/// transaction per batch. `scripts/bench-replication` measures both
/// (`BENCH_APPLY_CONNECTIONS`).
///
/// `synchronous_commit` stays as configured: the peer advances its cursor once the batch is
/// acknowledged, so a commit that a crash could still lose after the acknowledgement would
/// leave a permanent hole in the replica.
public struct ChangeApplier: Sendable {
    private let connections: [PostgresConnection]
    private let tables: [String: TableSchema]
    private let statements: [String: String]
    private let logger: Logger
    private let lockTimeout: Duration
    private let maximumAttempts = 5
    /// In logical capture mode, each apply transaction drains the slot first (see
    /// `LogicalCaptureDrain.inDrainedSnapshot`); nil in trigger mode.
    private let logicalCapture: LogicalCaptureDrain?

    /// `lockTimeout` must stay below the server's `deadlock_timeout` (1 s by default); see
    /// the type's documentation.
    public init(connection: PostgresConnection, tables: [TableSchema], logger: Logger, lockTimeout: Duration = .milliseconds(200)) {
        self.init(connections: [connection], tables: tables, logger: logger, lockTimeout: lockTimeout)
    }

    /// An applier that spreads each batch's tables over `connections`, each its own session
    /// that nothing else uses while the applier runs.
    ///
    /// - Precondition: `connections` is not empty.
    public init(
        connections: [PostgresConnection], tables: [TableSchema], logger: Logger, lockTimeout: Duration = .milliseconds(200),
        logicalCapture: LogicalCaptureDrain? = nil
    ) {
        precondition(!connections.isEmpty, "a ChangeApplier needs a connection")
        self.connections = connections
        self.tables = Dictionary(tables.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        statements = self.tables.mapValues { ApplyStatementSQL(table: $0).sql }
        self.logger = logger
        self.lockTimeout = lockTimeout
        self.logicalCapture = logicalCapture
    }

    /// Reads the schemas of `tableNames` (the config's replicated tables) from the catalog.
    public static func load(tableNames: [String], connection: PostgresConnection, logger: Logger) async throws -> ChangeApplier {
        try await load(tableNames: tableNames, connections: [connection], logger: logger)
    }

    /// Reads the schemas of `tableNames` through the first of `connections`; see
    /// `init(connections:tables:logger:lockTimeout:)`.
    public static func load(tableNames: [String], connections: [PostgresConnection], logger: Logger) async throws -> ChangeApplier {
        var tables: [TableSchema] = []
        for name in tableNames { tables.append(try await TableSchema.load(name, from: connections[0])) }
        let logicalCapture = try LogicalCaptureDrain.forInstalled(try await InstalledSchema.read(using: connections[0]), logger: logger)
        return ChangeApplier(connections: connections, tables: tables, logger: logger, logicalCapture: logicalCapture)
    }

    @discardableResult
    public func apply(_ changes: [RemoteChange]) async throws -> ApplyOutcome {
        guard !changes.isEmpty else { return ApplyOutcome(received: 0, applied: 0) }
        if let unknown = changes.first(where: { tables[$0.table] == nil }) { throw ApplyError.unknownTable(unknown.table) }
        var columnsByTable: [String: IncomingColumns] = [:]
        var latest: Int64 = 0
        for change in changes {
            columnsByTable[change.table, default: IncomingColumns()].append(change)
            latest = max(latest, Int64(bitPattern: change.version.hlc.rawValue))
        }
        let newest = latest
        let shares = columnsByTable.map { TableShare(table: $0.key, changes: $0.value.count, parameters: [$0.key] + $0.value.parameters) }
        let groups = shares.grouped(into: connections.count)
        if groups.count == 1 {
            let counts = try await applyWithRetries(groups[0], newest: newest, on: connections[0])
            return ApplyOutcome(received: changes.count, applied: counts.winners, conflicts: counts.conflicts)
        }
        let counts = try await withThrowingTaskGroup(of: (winners: Int, conflicts: Int).self) { tasks in
            for (group, connection) in zip(groups, connections) {
                tasks.addTask { try await applyWithRetries(group, newest: newest, on: connection) }
            }
            return try await tasks.reduce(into: (winners: 0, conflicts: 0)) { total, counts in
                total.winners += counts.winners
                total.conflicts += counts.conflicts
            }
        }
        return ApplyOutcome(received: changes.count, applied: counts.winners, conflicts: counts.conflicts)
    }

    /// Applies `shares` in one transaction on `connection`, retried with backoff while it
    /// loses lock waits against local writers (see the type's documentation).
    private func applyWithRetries(
        _ shares: [TableShare], newest: Int64, on connection: PostgresConnection
    ) async throws -> (winners: Int, conflicts: Int) {
        var attempt = 1
        while true {
            do {
                if let logicalCapture {
                    return try await logicalCapture.inDrainedSnapshot(using: connection) { connection in
                        try await applyInTransaction(shares, newest: newest, on: connection)
                    }
                }
                return try await connection.withTransaction { connection in
                    try await applyInTransaction(shares, newest: newest, on: connection)
                }
            } catch let error as PostgresError where (error.isTransient || error.isLockTimeout) && attempt < maximumAttempts {
                logger.info("apply batch conflicted with local writers, retrying", metadata: ["attempt": "\(attempt)", "error": "\(error)"])
                try await Task.sleep(for: lockTimeout * attempt)
                attempt += 1
            } catch where logicalCapture != nil && LogicalCaptureDrain.isRetryable(error) && attempt < maximumAttempts {
                logger.info("apply batch conflicted with local writers, retrying", metadata: ["attempt": "\(attempt)", "error": "\(error)"])
                try await Task.sleep(for: lockTimeout * attempt)
                attempt += 1
            }
        }
    }

    /// Locks the tables of `shares` against other appliers first (see `tableLockSQL`), then
    /// applies them one statement each under the short lock timeout.
    private func applyInTransaction(
        _ shares: [TableShare], newest: Int64, on connection: PostgresConnection
    ) async throws -> (winners: Int, conflicts: Int) {
        let milliseconds = lockTimeout.components.seconds * 1000 + lockTimeout.components.attoseconds / 1_000_000_000_000_000
        var tableNames = ArrayLiteral()
        for share in shares { tableNames.append(share.table) }
        try await connection.execute(AppliedTransactionMarker.sql)
        try await connection.query(Self.tableLockSQL, [tableNames.literal])
        try await connection.execute("SET LOCAL lock_timeout = \(max(1, milliseconds))")
        var winners = 0
        var conflicts = 0
        for share in shares {
            guard let statement = statements[share.table] else { continue }
            let result = try await connection.query(statement, share.parameters)
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
    /// Takes a transaction-scoped advisory lock per table of the transaction (`$1`, the
    /// tables' names), in hash order so appliers never wait for each other in a cycle. Only
    /// appliers take these locks: the application's writers never wait for them.
    ///
    /// Appliers of the same table must not run their apply statements concurrently: a
    /// tombstone applied concurrently with an older insert of a key new to this region would
    /// win in `row_versions` yet delete nothing (its statement's snapshot predates the
    /// insert), and the deleted row would stay visible (found by the chaos suites, where
    /// batches resent after an outage are applied in parallel). Taken in a statement of its
    /// own, before the apply statements, so that they see every concurrent apply that
    /// committed meanwhile.
    ///
    /// One lock per table rather than one per key: a lock per key of a 10 000-row batch
    /// cost a tenth of the apply (parsing the keys once more, hashing and sorting them, and
    /// 10 000 trips through the shared lock table), and concurrent batches of one table
    /// cannot apply faster than one after the other on the same rows and indexes anyway.
    /// The wait runs under the session's own `lock_timeout`, not the applier's short one:
    /// another applier's batch holds the lock for as long as it takes to apply, and waiting
    /// for it cannot close a cycle with the application (see the type's documentation).
    static let tableLockSQL = """
        SELECT pg_advisory_xact_lock(h)
        FROM (SELECT DISTINCT hashtextextended('regiond.apply:' || t, 0) AS h FROM unnest($1::text[]) AS u(t)) s
        ORDER BY h
        """
}

/// One table's share of a batch, column by column, as the array parameters of
/// `ApplyStatementSQL`.
private struct IncomingColumns {
    var count = 0
    var keys = ArrayLiteral()
    var versions = ArrayLiteral()
    var origins = ArrayLiteral()
    var deletes = ArrayLiteral()
    var rows = ArrayLiteral()

    mutating func append(_ change: RemoteChange) {
        count += 1
        keys.append(change.primaryKey)
        versions.append(String(Int64(bitPattern: change.version.hlc.rawValue)))
        origins.append(change.version.origin.rawValue)
        deletes.append(change.isDelete ? "t" : "f")
        rows.append(change.row)
    }

    var parameters: [String?] { [keys.literal, versions.literal, origins.literal, deletes.literal, rows.literal] }
}
