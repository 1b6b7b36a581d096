import Foundation
import Logging
import RegionCore
import RegionPostgres

/// pgbench single-row inserts into a table without and with regiond's capture trigger.
///
/// The two databases take turns for `rounds` rounds and each side's median counts: on a
/// shared machine one pgbench run swings by a third, and measuring one side entirely after
/// the other would put a change of load into the figure.
struct CaptureOverheadRun {
    let cluster: LocalPostgresCluster
    let settings: BenchmarkSettings
    let logger: Logger
    var rounds = 3

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
            captured.append(try await transactionsPerSecond(database: "overhead_on"))
        }
        return Result(withoutCapture: median(plain), withCapture: median(captured))
    }

    private func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

    private func prepare(database: String, capture: Bool) async throws {
        try await cluster.createDatabase(database, logger: logger)
        let connection = try await PostgresConnection.connect(to: cluster.connectionString(database: database), logger: logger)
        try await connection.execute("""
            CREATE SEQUENCE ids; CREATE TABLE orders (id bigint PRIMARY KEY, customer integer NOT NULL, country text, total numeric(12,2) NOT NULL, created timestamptz NOT NULL DEFAULT now())
            """)
        if capture {
            let config = RegiondReplicationRun(source: cluster, target: cluster, settings: settings, logger: logger).config
            var single = config
            single.tiers = [TierConfig(name: "critical", maxLag: .seconds(5), tables: ["orders"], batchWindow: .seconds(1))]
            single.residency.tables = ["orders": .byColumn(column: "country", map: ["KR": "global", "EU": "global"], default: "global")]
            try await SchemaInstaller(config: single, region: "source", logger: logger).install(using: connection)
        }
        await connection.close()
    }

    /// One pgbench run. pgbench talks to the cluster's own server process, not to this one,
    /// so waiting for it blocks nothing that must answer.
    private func transactionsPerSecond(database: String) async throws -> Double {
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
