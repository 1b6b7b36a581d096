import Foundation
import Logging
import RegionCore
import RegionPostgres

/// pgbench single-row inserts into a table without and with regiond's capture: the trigger,
/// or logical capture with the slot drained every 50 ms while pgbench runs (the drain's CPU
/// and WAL flushes compete with pgbench, so they count against the figure).
///
/// The two databases take turns for `rounds` rounds and each side's median counts: on a
/// shared machine one pgbench run swings by a third, and measuring one side entirely after
/// the other would put a change of load into the figure.
struct CaptureOverheadRun {
    let cluster: LocalPostgresCluster
    let settings: BenchmarkSettings
    let logger: Logger
    var rounds = 3
    var capture: CaptureMode = .trigger

    struct Result {
        var withoutCapture: Double
        var withCapture: Double
        var costPercent: Double { (1 - withCapture / withoutCapture) * 100 }
    }

    func run() async throws -> Result {
        try await prepare(database: "overhead_off", capture: false)
        try await prepare(database: "overhead_on", capture: true)
        var plain: [Double] = []
        var captured: [Double] = []
        for _ in 0..<rounds {
            plain.append(try await transactionsPerSecond(database: "overhead_off"))
            captured.append(try await withDrainIfLogical { try await transactionsPerSecond(database: "overhead_on") })
        }
        return Result(withoutCapture: median(plain), withCapture: median(captured))
    }

    private func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

    private func prepare(database: String, capture captured: Bool) async throws {
        try await cluster.createDatabase(database, logger: logger)
        let connection = try await PostgresConnection.connect(to: cluster.connectionString(database: database), logger: logger)
        try await connection.execute("""
            CREATE SEQUENCE ids; CREATE TABLE orders (id bigint PRIMARY KEY, customer integer NOT NULL, country text, total numeric(12,2) NOT NULL, created timestamptz NOT NULL DEFAULT now())
            """)
        if captured {
            let config = RegiondReplicationRun(source: cluster, target: cluster, settings: settings, logger: logger).config
            var single = config
            single.tiers = [TierConfig(name: "critical", maxLag: .seconds(5), tables: ["orders"], batchWindow: .seconds(1))]
            single.residency.tables = ["orders": .byColumn(column: "country", map: ["KR": "global", "EU": "global"], default: "global")]
            try await SchemaInstaller(config: single, region: "source", capture: capture, logger: logger).install(using: connection)
        }
        await connection.close()
    }

    /// Runs `body` while a task drains the slot every 50 ms (logical capture only), then
    /// drains what is left so the next round starts from an empty slot.
    private func withDrainIfLogical(_ body: @Sendable () async throws -> Double) async throws -> Double {
        guard capture == .logical else { return try await body() }
        let connection = try await PostgresConnection.connect(to: cluster.connectionString(database: "overhead_on"), logger: logger)
        let drain = try LogicalCaptureDrain.forInstalled(try await InstalledSchema.read(using: connection), logger: logger)
        guard let drain else { throw BenchmarkError("overhead_on is not in logical capture mode") }
        let draining = Task {
            while !Task.isCancelled {
                try await drain.drain(using: connection)
                try? await Task.sleep(for: .milliseconds(50))
            }
        }
        let tps = try await body()
        draining.cancel()
        try await draining.value
        try await drain.drain(using: connection)
        await connection.close()
        return tps
    }

    /// One pgbench run, on a thread of its own: waiting for the process blocks, and must not
    /// hold one of the cooperative pool's threads while the drain task needs them.
    private func transactionsPerSecond(database: String) async throws -> Double {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Swift.Result { try pgbench(database: database) })
            }
        }
    }

    private func pgbench(database: String) throws -> Double {
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("regiond-bench-\(database).sql")
        try "INSERT INTO orders (id, customer, country, total) VALUES (nextval('ids'), (random() * 1000)::int, 'KR', random() * 100);\n"
            .write(to: script, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: script) }
        let process = Process()
        process.executableURL = LocalPostgresCluster.defaultBinaries.appendingPathComponent("pgbench")
        let perClient = settings.pgbenchTransactions / settings.pgbenchClients
        process.arguments = [
            "-n", "-h", "127.0.0.1", "-p", String(cluster.port), "-U", "postgres", "-c", String(settings.pgbenchClients),
            "-j", "2", "-t", String(perClient), "-f", script.path, database,
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let line = output.split(separator: "\n").first(where: { $0.hasPrefix("tps = ") }),
              let tps = Double(line.dropFirst(6).split(separator: " ").first ?? "")
        else { throw BenchmarkError("pgbench failed: \(output)") }
        return tps
    }
}
