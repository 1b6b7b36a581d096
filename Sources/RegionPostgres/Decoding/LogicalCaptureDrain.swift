import Logging

/// Moves the application's committed changes from the logical replication slot into the
/// changelog and `row_versions` (logical capture, `CaptureMode.logical`): the work the
/// capture triggers do inside the application's transactions, done afterwards, in batches.
///
/// One drain: take the drain lock (the slot has a single consumer), make every commit so far
/// durable in the WAL (`pg_logical_slot_peek_binary_changes` reads only up to the flushed
/// WAL, and asynchronous commits are visible before they are flushed), then in one
/// transaction peek at the slot, decode `pgoutput` (`PgOutputDecoder`), write each table's
/// changes set-based through its drain function (`DrainFunctionSQL`), record the decoded end
/// in `regiond.capture_state`, and commit; only then advance the slot. Advancing is not
/// transactional: done inside a transaction that later rolled back it would lose changes.
/// A crash between the commit and the advance makes the next drain decode the same commits
/// again; they lie before `capture_state.last_lsn` and are skipped: exactly once.
///
/// The slot advances to the decoded end even when every transaction was skipped (writes to
/// tables outside the publication send nothing at all), so WAL is never kept for them.
/// Transactions carrying `AppliedTransactionMarker`'s message are regiond's own and skipped.
///
/// The drain lock is a session-level advisory lock, taken before the transaction so that a
/// repeatable-read snapshot (the applier's) is taken after the previous drain committed, and
/// released after the advance.
public struct LogicalCaptureDrain: Sendable {
    public let slot: String
    private let logger: Logger
    /// Slot messages decoded per transaction at most (whole transactions: the last one may
    /// go past it); a drain that hits it drains again.
    private let messageLimit: Int

    public init(slot: String, logger: Logger, messageLimit: Int = 100_000) {
        self.slot = slot
        self.logger = logger
        self.messageLimit = messageLimit
    }

    /// The drain of a database installed in logical mode, nil in trigger mode.
    public static func forInstalled(_ schema: InstalledSchema?, logger: Logger) throws(LogicalCaptureError) -> LogicalCaptureDrain? {
        guard let schema, schema.captureMode == .logical else { return nil }
        guard let slot = schema.captureSlot else { throw .missingSlot }
        return LogicalCaptureDrain(slot: slot, logger: logger)
    }

    /// Drains until the slot holds nothing committed; returns the changes captured.
    @discardableResult
    public func drain(using connection: PostgresConnection, before boundary: LSN? = nil) async throws -> Int {
        try await drain(using: connection, before: boundary, advancing: true)
    }

    /// `advancing: false` leaves the slot where it was, as a crash after the commit would:
    /// the exactly-once test's stand-in for that crash.
    func drain(using connection: PostgresConnection, before boundary: LSN? = nil, advancing: Bool) async throws -> Int {
        var captured = 0
        while true {
            let pass = try await locked(connection) {
                try await flushWAL(connection)
                let pass = try await connection.withTransaction { connection in
                    try await drainInTransaction(connection, before: boundary)
                }
                if advancing { try await advance(connection, to: pass.end) }
                return pass
            }
            captured += pass.captured
            if !pass.limited || !advancing { return captured }
        }
    }

    /// Runs `body` in a repeatable-read transaction whose first act is a drain: every local
    /// commit visible to the transaction's snapshot is then in `row_versions`, so `body`
    /// compares against every local version (the applier's last-write-wins). A local commit
    /// after the snapshot makes `body`'s writes of its rows fail with a serialization failure
    /// (`isRetryable`), never silently overwrite it.
    public func inDrainedSnapshot<T: Sendable>(
        using connection: PostgresConnection, _ body: (PostgresConnection) async throws -> T
    ) async throws -> T {
        try await locked(connection) {
            try await flushWAL(connection)
            let (value, end) = try await connection.withTransaction { connection in
                try await connection.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                try await waitUntilSnapshotIsFlushed(connection)
                let pass = try await drainInTransaction(connection, before: nil)
                return (try await body(connection), pass.end)
            }
            try await advance(connection, to: end)
            return value
        }
    }

    /// Errors after which an `inDrainedSnapshot` transaction is retried: a local write that
    /// committed after the snapshot (serialization failure, or a unique violation of an insert),
    /// or WAL not flushed in time.
    public static func isRetryable(_ error: Error) -> Bool {
        if let error = error as? PostgresError { return error.sqlState == "40001" || error.sqlState == "23505" }
        if case .walNotFlushed = error as? LogicalCaptureError { return true }
        return false
    }

    // MARK: Steps

    private struct Pass: Sendable {
        var captured: Int
        var end: String
        var limited: Bool
    }

    private func locked<T: Sendable>(_ connection: PostgresConnection, _ body: () async throws -> T) async throws -> T {
        try await connection.query("SELECT pg_advisory_lock(hashtextextended('regiond.capture_drain', 0))")
        do {
            let value = try await body()
            try await unlock(connection)
            return value
        } catch {
            try? await unlock(connection)
            throw error
        }
    }

    private func unlock(_ connection: PostgresConnection) async throws {
        try await connection.query("SELECT pg_advisory_unlock(hashtextextended('regiond.capture_drain', 0))")
    }

    /// A synchronous commit flushes the WAL up to its own record, so every commit before it
    /// becomes decodable.
    private func flushWAL(_ connection: PostgresConnection) async throws {
        try await connection.execute("""
            BEGIN; SET LOCAL synchronous_commit = on;
            UPDATE regiond.capture_state SET flushed_at = clock_timestamp();
            COMMIT;
            """)
    }

    /// Takes the transaction's snapshot and waits until the WAL is flushed past it: a commit
    /// between `flushWAL` and the snapshot may be visible yet not decodable.
    private func waitUntilSnapshotIsFlushed(_ connection: PostgresConnection) async throws {
        let target = try await connection.query("SELECT pg_current_wal_insert_lsn()::text AS lsn").first?["lsn"] ?? "0/0"
        for _ in 0..<50 {
            let flushed = try await connection.query("SELECT pg_current_wal_flush_lsn() >= $1::pg_lsn AS done", [target])
            if flushed.first?["done"] == "t" { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw LogicalCaptureError.walNotFlushed(target: target)
    }

    private func drainInTransaction(_ connection: PostgresConnection, before boundary: LSN?) async throws -> Pass {
        try await connection.execute("SET LOCAL synchronous_commit = on")
        let state = try await connection.query("""
            SELECT last_lsn::text AS last, pg_current_wal_flush_lsn()::text AS flushed FROM regiond.capture_state
            """)
        guard let last = state.first?["last"].flatMap(LSN.init(text:)), let flushed = state.first?["flushed"].flatMap(LSN.init(text:)) else {
            throw SchemaError.notInstalled
        }
        let rows = try await connection.query("""
            SELECT lsn::text AS lsn, data FROM pg_logical_slot_peek_binary_changes($1, NULL, $2::integer,
                'proto_version', '1', 'publication_names', '\(LogicalCaptureSQL.publication)', 'messages', 'true')
            """, [slot, String(messageLimit)])
        var assembler = TransactionAssembler()
        var transactions: [DecodedTransaction] = []
        var decodedEnd = flushed
        for row in rows.rows {
            guard let text = row["data"], let bytes = ByteaText.decode(text) else {
                throw LogicalCaptureError.malformedSlotData(lsn: row["lsn"] ?? "?")
            }
            if let transaction = try assembler.add(PgOutputDecoder.decode(bytes)) {
                decodedEnd = max(decodedEnd, LSN(transaction.endLSN))
                if transaction.commitLSN >= last.value, !transaction.isRegiondWrite, boundary.map({ transaction.commitLSN < $0.value }) ?? true {
                    transactions.append(transaction)
                }
            }
        }
        let limited = rows.count >= messageLimit
        // Stopped early, the slot decoded only through the last whole transaction.
        let end = limited ? LSN(transactionsEnd(rows: rows) ?? last.value) : decodedEnd
        let captured = try await write(transactions, using: connection)
        try await connection.query(
            "UPDATE regiond.capture_state SET last_lsn = greatest(last_lsn, $1::pg_lsn)", [end.description])
        if captured > 0 || !transactions.isEmpty {
            logger.debug("logical capture drained", metadata: ["changes": "\(captured)", "transactions": "\(transactions.count)", "end": "\(end)"])
        }
        return Pass(captured: captured, end: end.description, limited: limited)
    }

    /// The end of the last whole transaction in a page of slot rows: its commit's end LSN.
    private func transactionsEnd(rows: PostgresRows) -> UInt64? {
        for row in rows.rows.reversed() {
            guard let text = row["data"], let bytes = ByteaText.decode(text),
                  case .commit(let commit) = try? PgOutputDecoder.decode(bytes) else { continue }
            return commit.endLSN
        }
        return nil
    }

    /// Writes the transactions' changes, one drain function call per table, and moves the
    /// HLC clock past the newest version written.
    private func write(_ transactions: [DecodedTransaction], using connection: PostgresConnection) async throws -> Int {
        var batches: [String: DrainBatch] = [:]
        var order: [String] = []
        for transaction in transactions {
            let clock = String(transaction.commitUnixMilliseconds << 16)
            for change in transaction.changes {
                let function = DrainFunctionSQL.functionName(schema: change.relation.namespace, table: change.relation.name)
                if batches[function] == nil { order.append(function) }
                batches[function, default: DrainBatch()].append(change, clock: clock)
            }
        }
        var newest: Int64 = 0
        var captured = 0
        for function in order {
            guard let batch = batches[function] else { continue }
            let result = try await connection.query(
                "SELECT \(function)($1::text[], $2::bigint[], $3::json[], $4::json[], $5::boolean[]) AS newest", batch.parameters)
            newest = max(newest, result.first?["newest"].flatMap(Int64.init) ?? 0)
            captured += batch.count
        }
        if newest > 0 {
            try await connection.query(
                "SELECT setval('regiond.hlc_clock', $1::bigint) FROM regiond.hlc_clock WHERE last_value < $1::bigint", [String(newest)])
        }
        return captured
    }

    private func advance(_ connection: PostgresConnection, to end: String) async throws {
        try await connection.query("""
            SELECT pg_replication_slot_advance(slot_name, greatest($2::pg_lsn, confirmed_flush_lsn))
            FROM pg_replication_slots WHERE slot_name = $1
            """, [slot, end])
    }
}

/// One table's changes of a drain, as the array parameters of its drain function.
private struct DrainBatch {
    var count = 0
    var operations = ArrayLiteral()
    var clocks = ArrayLiteral()
    var new = ArrayLiteral()
    var old = ArrayLiteral()
    var partial = ArrayLiteral()

    mutating func append(_ change: DecodedRowChange, clock: String) {
        count += 1
        operations.append(change.kind.rawValue)
        clocks.append(clock)
        let newObject = change.new.map { TupleJSON.object($0, of: change.relation) }
        new.append(newObject?.json)
        old.append(change.old.map { TupleJSON.object($0, of: change.relation).json })
        partial.append(newObject?.partial == true ? "t" : "f")
    }

    var parameters: [String?] { [operations.literal, clocks.literal, new.literal, old.literal, partial.literal] }
}
