import RegionCore
import RegionPostgres

/// Writes rows into one region at a steady rate, in 20 ms ticks, one multi-row INSERT per
/// table per tick. Seoul writes a fifth of its rows as Korean personal data, frankfurt a
/// fifth as GDPR data; the rest is global.
struct LoadGenerator {
    static let tick: Duration = .milliseconds(20)

    var regionIndex: Int
    var session: PostgresConnection
    var rowsPerSecond: Double
    var duration: Duration

    /// Rows written per table.
    func run() async throws -> [String: Int] {
        let clock = ContinuousClock()
        let start = clock.now
        var owed = [String: Double]()
        var written = [String: Int]()
        var nextID = Int64(regionIndex + 1) * 1_000_000_000_000
        var deadline = start
        while deadline - start < duration {
            for (_, table, share) in BenchmarkTopology.tables {
                owed[table, default: 0] += rowsPerSecond * share * Self.tick.seconds
                let rows = Int(owed[table] ?? 0)
                guard rows > 0 else { continue }
                owed[table, default: 0] -= Double(rows)
                try await session.execute(insert(table, from: nextID, rows: rows))
                nextID += Int64(rows)
                written[table, default: 0] += rows
            }
            deadline += Self.tick
            try await clock.sleep(until: deadline)
        }
        return written
    }

    private var personalCountry: String? {
        switch regionIndex {
        case 0: "KR"
        case 2: "DE"
        default: nil
        }
    }

    private func insert(_ table: String, from first: Int64, rows: Int) -> String {
        let country = personalCountry.map { "CASE WHEN g % 5 = 0 THEN '\($0)' ELSE 'US' END" } ?? "'JP'"
        let body = table == "app_logs"
            ? "'GET /api/v1/items/' || (g % 997) || ' 200 ' || (g % 83) || 'ms ua=Mozilla/5.0 (X11; Linux x86_64) trace=' || md5(g::text)"
            : "'payload ' || md5(g::text)"
        return "INSERT INTO \(table) (id, country, body) SELECT g, \(country), \(body) FROM generate_series(\(first), \(first + Int64(rows) - 1)) g"
    }
}
