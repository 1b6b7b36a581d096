import Foundation
import Logging
import RegionCore
import RegionPostgres

/// Compares native logical replication with regiond's capture → batch → apply path on the
/// same workload, in the same run, on two local clusters; then measures what the capture
/// trigger costs on source writes. The last line printed is `ratio=<regiond/native>`.
@main
struct ReplicationBenchmark {
    static func main() async {
        do {
            try await run()
        } catch {
            print("benchmark failed: \(error)")
            exit(1)
        }
    }

    static func run() async throws {
        var logger = Logger(label: "regiond.bench.replication")
        logger.logLevel = .warning
        let settings = BenchmarkSettings(environment: ProcessInfo.processInfo.environment)
        print("workload: \(settings.totalChanges) row changes over \(settings.tables) tables (75% inserts, 20% updates, 5% deletes) in \(settings.transactions) transactions; fsync off on both clusters")

        let source = try await LocalPostgresCluster.start(logger: logger)
        let target = try await LocalPostgresCluster.start(logger: logger)
        do {
            try await compare(source: source, target: target, settings: settings, logger: logger)
            source.stop()
            target.stop()
        } catch {
            source.stop()
            target.stop()
            throw error
        }
    }

    static func compare(source: LocalPostgresCluster, target: LocalPostgresCluster, settings: BenchmarkSettings, logger: Logger) async throws {
        let native = try await NativeReplicationRun(source: source, target: target, settings: settings, logger: logger).run()
        print(String(format: "native logical replication: %.0f rows/s (%.2f s to apply %d changes)", native.rowsPerSecond, native.seconds, native.changes))
        let regiond = try await RegiondReplicationRun(source: source, target: target, settings: settings, logger: logger).run()
        print(String(format: "regiond capture→batch→apply: %.0f rows/s (%.2f s, %d batches of up to %d, applied over %d connections)",
                     regiond.rowsPerSecond, regiond.seconds, regiond.batches, settings.batchRows, settings.applyConnections))
        print(String(format: "  of which reading the changelog %.2f s, applying %.2f s (overlapping)", regiond.steps.reading, regiond.steps.applying))
        var logicalRun = RegiondReplicationRun(source: source, target: target, settings: settings, logger: logger)
        logicalRun.capture = .logical
        let logical = try await logicalRun.run()
        print(String(format: "regiond with logical capture (slot drained by the first reads, timed): %.0f rows/s (%.2f s, %d batches), ratio %.2f",
                     logical.rowsPerSecond, logical.seconds, logical.batches, logical.rowsPerSecond / native.rowsPerSecond))
        print(String(format: "  of which reading (draining the slot included) %.2f s, applying %.2f s (overlapping)", logical.steps.reading, logical.steps.applying))
        let overhead = try await CaptureOverheadRun(cluster: source, settings: settings, logger: logger).run()
        print(String(format: "capture overhead on source inserts (pgbench, %d clients, median of 3 alternating runs, fsync off: worst case): off %.0f tps, on %.0f tps, cost %.1f%%",
                     settings.pgbenchClients, overhead.withoutCapture, overhead.withCapture, overhead.costPercent))
        let durable = try await LocalPostgresCluster.with(durable: true, logger: logger) { cluster in
            try await CaptureOverheadRun(cluster: cluster, settings: settings, logger: logger).run()
        }
        print(String(format: "capture overhead on source inserts (pgbench, %d clients, median of 3 alternating runs, fsync on + synchronous_commit on: production durability): off %.0f tps, on %.0f tps, cost %.1f%%",
                     settings.pgbenchClients, durable.withoutCapture, durable.withCapture, durable.costPercent))
        for durable in [false, true] {
            let logicalOverhead = try await LocalPostgresCluster.with(durable: durable, logger: logger) { cluster in
                var run = CaptureOverheadRun(cluster: cluster, settings: settings, logger: logger)
                run.capture = .logical
                return try await run.run()
            }
            print(String(format: "logical capture overhead on source inserts (pgbench, %d clients, median of 3 alternating runs, drain every 50 ms during the run, %@): off %.0f tps, on %.0f tps, cost %.1f%%",
                         settings.pgbenchClients, durable ? "fsync on + synchronous_commit on" : "fsync off", logicalOverhead.withoutCapture,
                         logicalOverhead.withCapture, logicalOverhead.costPercent))
        }
        print(String(format: "ratio=%.2f", regiond.rowsPerSecond / native.rowsPerSecond))
    }
}

struct BenchmarkSettings {
    var tables = 10
    var transactions: Int
    var changesPerTablePerTransaction = 100
    var batchRows: Int
    /// Connections the target's applier spreads each batch's tables over.
    var applyConnections: Int
    var pgbenchClients = 4
    var pgbenchTransactions: Int

    init(environment: [String: String]) {
        transactions = environment["BENCH_TRANSACTIONS"].flatMap(Int.init) ?? 200
        batchRows = environment["BENCH_BATCH_ROWS"].flatMap(Int.init) ?? 10_000
        applyConnections = max(1, environment["BENCH_APPLY_CONNECTIONS"].flatMap(Int.init) ?? 1)
        pgbenchTransactions = environment["BENCH_PGBENCH_TRANSACTIONS"].flatMap(Int.init) ?? 5_000
    }

    var totalChanges: Int { tables * transactions * changesPerTablePerTransaction }
    var tableNames: [String] { (0..<tables).map { "bench_\($0)" } }

    var tableDDL: String {
        tableNames.map {
            "CREATE TABLE \($0) (id bigint PRIMARY KEY, k integer NOT NULL, label text NOT NULL, amount numeric(12,2) NOT NULL, updated timestamptz NOT NULL);"
        }.joined(separator: "\n") + "\nCREATE TABLE bench_marker (id integer PRIMARY KEY, done timestamptz);"
    }
}

struct Measurement {
    var changes: Int
    var seconds: Double
    var batches = 0
    var steps = StepSeconds()
    var rowsPerSecond: Double { Double(changes) / seconds }
}

/// The same mix of inserts, updates of existing keys and deletes, generated set-based.
struct Workload {
    let settings: BenchmarkSettings

    func run(on connection: PostgresConnection) async throws {
        var generator = SplitMix64(seed: 42)
        var nextID = Array(repeating: Int64(1), count: settings.tables)
        var deletedThrough = Array(repeating: Int64(0), count: settings.tables)
        for _ in 0..<settings.transactions {
            var statements = ["BEGIN"]
            for (index, table) in settings.tableNames.enumerated() {
                let first = nextID[index]
                let last = first + 74
                nextID[index] = last + 1
                statements.append("""
                    INSERT INTO \(table) SELECT g, (g % 1000)::int, 'label ' || g, (g % 10000) / 100.0, now() FROM generate_series(\(first), \(last)) g
                    """)
                let live = deletedThrough[index] + 1..<first
                if live.count > 40 {
                    var ids = Set<Int64>()
                    while ids.count < 20 { ids.insert(Int64.random(in: live.lowerBound + 5..<live.upperBound, using: &generator)) }
                    statements.append("UPDATE \(table) SET amount = amount + 1, label = label || '+', updated = now() WHERE id IN (\(ids.map(String.init).joined(separator: ",")))")
                    statements.append("DELETE FROM \(table) WHERE id BETWEEN \(live.lowerBound) AND \(live.lowerBound + 4)")
                    deletedThrough[index] += 5
                } else {
                    // Early transactions: insert instead, so every transaction has the same size.
                    statements.append("""
                        INSERT INTO \(table) SELECT g, 0, 'early ' || g, 0, now() FROM generate_series(\(last + 1), \(last + 25)) g
                        """)
                    nextID[index] += 25
                }
            }
            statements.append("COMMIT")
            try await connection.execute(statements.joined(separator: ";\n"))
        }
        try await connection.execute("INSERT INTO bench_marker VALUES (1, now())")
    }
}


/// Waits until the marker row written last by the workload is visible on the target.
func waitForMarker(on connection: PostgresConnection) async throws {
    while try await connection.query("SELECT 1 FROM bench_marker WHERE id = 1").count == 0 {
        try await Task.sleep(for: .milliseconds(10))
    }
}

func checkSameRows(_ source: PostgresConnection, _ target: PostgresConnection, tables: [String]) async throws {
    for table in tables {
        let sql = "SELECT count(*) AS n, coalesce(sum(hashtext(t::text)::bigint), 0) AS h FROM \(table) t"
        let left = try await source.query(sql).first
        let right = try await target.query(sql).first
        guard left?["n"] == right?["n"], left?["h"] == right?["h"] else {
            throw BenchmarkError("\(table) differs after replication: source \(left?["n"] ?? "?") rows, target \(right?["n"] ?? "?") rows")
        }
    }
}

struct BenchmarkError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
