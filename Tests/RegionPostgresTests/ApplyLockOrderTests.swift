import RegionCore
import RegionPostgres
import Testing

/// The applier locks `row_versions` before the row; a local writer locks the row before
/// `row_versions` (its capture runs after the write). This builds the resulting wait cycle
/// on purpose and checks who pays for it.
@Suite("apply vs. local writers: lock order")
struct ApplyLockOrderTests {
    let config = Fixtures.config(regions: ["seoul", "tokyo"])

    /// Cycle: `blocker` holds row 3; the applier locks version 1 and waits for version 3;
    /// `writer` updates row 1 and waits for version 1; `blocker` commits; the applier now
    /// needs row 1, held by `writer`. `writer` waited first, so PostgreSQL's deadlock check
    /// would abort the application's transaction; the applier's `lock_timeout` (below
    /// `deadlock_timeout`) makes the applier back off instead.
    @Test func applicationWriterIsNeverTheDeadlockVictim() async throws {
        let outcome = try await runCycle(lockTimeout: .milliseconds(200))
        #expect(outcome.writerError == nil)
        #expect(outcome.applied == 2)
        #expect(outcome.names == ["1:remote", "3:remote"])
    }

    /// The same cycle with a lock timeout above `deadlock_timeout`: PostgreSQL aborts the
    /// application's transaction, which is what the short timeout prevents.
    @Test func withoutTheShortLockTimeoutTheApplicationWouldBeAborted() async throws {
        let outcome = try await runCycle(lockTimeout: .seconds(5))
        #expect(outcome.writerError?.sqlState == "40P01")
    }

    struct CycleOutcome {
        var writerError: PostgresError?
        var applied: Int?
        var names: [String]
    }

    private func runCycle(lockTimeout: Duration) async throws -> CycleOutcome {
        try await LocalPostgresCluster.with(logger: Fixtures.logger) { cluster in
            let tokyo = try await RegionDatabase.make("tokyo", in: cluster, config: config)
            try await tokyo.connection.execute("INSERT INTO accounts (id, country, name) VALUES (1, 'JP', 'one'), (3, 'JP', 'three')")
            let dsn = cluster.connectionString(database: "region_tokyo")
            let blocker = try await PostgresConnection.connect(to: dsn, logger: Fixtures.logger)
            let writer = try await PostgresConnection.connect(to: dsn, logger: Fixtures.logger)
            let applierConnection = try await PostgresConnection.connect(to: dsn, logger: Fixtures.logger)
            let schemas = [try await TableSchema.load("accounts", from: applierConnection)]
            let applier = ChangeApplier(connection: applierConnection, tables: schemas, logger: Fixtures.logger, lockTimeout: lockTimeout)
            let remote = [1, 3].map { id in
                RemoteChange(
                    table: "accounts", primaryKey: "{\"id\": \(id)}", version: Version(hlc: HLC(rawValue: UInt64.max >> 2), origin: "seoul"),
                    row: "{\"id\": \(id), \"country\": \"JP\", \"name\": \"remote\", \"balance\": 0}")
            }

            try await blocker.execute("BEGIN; UPDATE accounts SET name = 'blocker' WHERE id = 3")
            let applying = Task { try await applier.apply(remote) }
            #expect(try await waitUntil(waitingSessions: 1, on: tokyo.connection, patience: 500), "the applier never waited for row 3")
            try await writer.execute("BEGIN")
            let writing = Task { try await writer.execute("UPDATE accounts SET name = 'local' WHERE id = 1") }
            // A short-timeout applier waits in bursts between back-offs, so on a loaded machine
            // both may not be seen waiting at once; waiting longer would only use up the
            // applier's attempts while the writer holds row 1.
            let patience = lockTimeout < .seconds(1) ? 100 : 500
            _ = try await waitUntil(waitingSessions: 2, on: tokyo.connection, patience: patience)
            try await blocker.execute("COMMIT")

            var writerError: PostgresError?
            do {
                try await writing.value
                try await writer.execute("COMMIT")
            } catch let error as PostgresError {
                writerError = error
                try await writer.execute("ROLLBACK")
            }
            let applied = try? await applying.value.applied
            let names = try await tokyo.connection.query("SELECT id || ':' || name AS v FROM accounts ORDER BY id").rows.compactMap { $0["v"] }
            await blocker.close()
            await writer.close()
            await applierConnection.close()
            return CycleOutcome(writerError: writerError, applied: applied, names: names)
        }
    }

    /// Polls every 10 ms, `patience` times; true once `count` sessions wait for a lock.
    private func waitUntil(waitingSessions count: Int, on connection: PostgresConnection, patience: Int) async throws -> Bool {
        for _ in 0..<patience {
            let waiting = try await connection.query(
                "SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()")
            if let n = waiting.first?["n"].flatMap(Int.init), n >= count { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return false
    }
}
