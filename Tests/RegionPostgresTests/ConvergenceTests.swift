import RegionCore
import RegionPostgres
import Testing

/// Regions write the same keys concurrently while changes are exchanged; afterwards every
/// region holds byte-identical rows for what it may hold.
@Suite("multi-region convergence")
struct ConvergenceTests {
    @Test(arguments: [["seoul", "tokyo"], ["seoul", "singapore", "tokyo"]] as [[RegionName]])
    func concurrentConflictingWritesConverge(regionNames: [RegionName]) async throws {
        let config = Fixtures.config(regions: regionNames)
        try await LocalPostgresCluster.with(logger: Fixtures.logger) { cluster in
            var regions: [RegionDatabase] = []
            for name in regionNames { regions.append(try await RegionDatabase.make(name, in: cluster, config: config)) }
            let exchange = Exchange(regions: regions, config: config)

            try await withThrowingTaskGroup(of: Void.self) { group in
                for (index, region) in regions.enumerated() {
                    group.addTask {
                        var workload = Workload(region: region, seed: UInt64(index + 1))
                        try await workload.run(operations: 250)
                    }
                }
                group.addTask {
                    for _ in 0..<4 { _ = try await exchange.round() }
                }
                try await group.waitForAll()
            }
            var moved = try await exchange.round()
            while moved > 0 { moved = try await exchange.round() }

            let reference = regions[0]
            for table in [("accounts", "id", "id < 1000"), ("posts", "id", "true"), ("events", "source, id", "true")] {
                let expected = try await reference.dump("(SELECT * FROM \(table.0) WHERE \(table.2)) t", orderBy: table.1)
                #expect(!expected.isEmpty)
                for region in regions.dropFirst() {
                    let actual = try await region.dump("(SELECT * FROM \(table.0) WHERE \(table.2)) t", orderBy: table.1)
                    #expect(actual == expected, "\(table.0) differs between \(reference.name) and \(region.name)")
                }
            }
            // kr-personal rows (seoul only) never left seoul.
            #expect(try await reference.connection.query("SELECT count(*) AS n FROM accounts WHERE id >= 1000").first?["n"] == "20")
            for region in regions.dropFirst() {
                #expect(try await region.connection.query("SELECT count(*) AS n FROM accounts WHERE country = 'KR'").first?["n"] == "0")
            }
        }
    }
}

/// Full-mesh exchange of every region's captured changes, filtered by residency.
struct Exchange {
    let regions: [RegionDatabase]
    let config: RegionsConfig

    /// One pass over every ordered pair; returns the number of changes shipped.
    func round() async throws -> Int {
        var shipped = 0
        for source in regions {
            for destination in regions where destination.name != source.name {
                for tier in config.tiers.map(\.name) {
                    var position = try await source.reader.cursor(peer: destination.name, tier: tier)
                    while true {
                        let batch = try await source.reader.read(tier: tier, after: position, limit: 300) {
                            mayHold(destination.name, $0.classBefore) || mayHold(destination.name, $0.classAfter)
                        }
                        if batch.scanned == 0 { break }
                        let changes = batch.changes.map { change -> RemoteChange in
                            var remote = change.remote
                            // A row that moved to a class the destination may not hold is deleted there.
                            if !mayHold(destination.name, change.classAfter) { remote.row = nil }
                            return remote
                        }
                        try await destination.applier.apply(changes)
                        try await source.reader.acknowledge(peer: destination.name, tier: tier, through: batch.end)
                        shipped += changes.count
                        position = batch.end
                    }
                }
            }
        }
        return shipped
    }

    private func mayHold(_ region: RegionName, _ className: String?) -> Bool {
        guard let className, let residency = config.residency.residencyClass(named: className) else { return false }
        return residency.allowedRegions.contains(region)
    }
}

/// A deterministic mix of upserts and deletes on a small shared key space, so regions
/// conflict on the same rows; seoul also writes Korean personal rows.
struct Workload {
    let region: RegionDatabase
    var state: UInt64

    init(region: RegionDatabase, seed: UInt64) {
        self.region = region
        state = seed &* 0x9E37_79B9_7F4A_7C15
    }

    mutating func next(_ bound: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(bound))
    }

    mutating func run(operations: Int) async throws {
        let countries = ["JP", "US", "SG"]
        let name = region.name.rawValue
        if name == "seoul" {
            try await region.connection.execute("INSERT INTO accounts (id, country, name) SELECT 1000 + g, 'KR', 'kr' || g FROM generate_series(1, 20) g")
        }
        for index in 0..<operations {
            let key = String(1 + next(40))
            let roll = next(100)
            let sql: String
            let parameters: [String?]
            switch roll {
            case 0..<55:
                sql = """
                    INSERT INTO accounts (id, country, name, balance) VALUES ($1::bigint, $2, $3, $4::numeric)
                    ON CONFLICT (id) DO UPDATE SET country = EXCLUDED.country, name = EXCLUDED.name, balance = EXCLUDED.balance
                    """
                parameters = [key, countries[next(3)], "\(name)-\(index)", "\(next(10_000)).\(next(100))"]
            case 55..<70:
                sql = "DELETE FROM accounts WHERE id = $1::bigint"
                parameters = [key]
            case 70..<85:
                sql = """
                    INSERT INTO posts (id, author, body, tags, created) VALUES ($1::bigint, $2::bigint, $3, $4::text[], $5::timestamptz)
                    ON CONFLICT (id) DO UPDATE SET body = EXCLUDED.body, tags = EXCLUDED.tags, created = EXCLUDED.created
                    """
                parameters = [key, String(next(40)), "post by \(name)\n\t\"quoted\" \\ \(index)", "{a,\(name)}", "2026-01-0\(1 + next(9)) 12:00:00+00"]
            case 85..<92:
                sql = "DELETE FROM posts WHERE id = $1::bigint"
                parameters = [key]
            default:
                sql = """
                    INSERT INTO events (source, id, payload) VALUES ('shared', $1::bigint, $2::jsonb)
                    ON CONFLICT (source, id) DO UPDATE SET payload = EXCLUDED.payload
                    """
                parameters = [key, "{\"by\": \"\(name)\", \"n\": \(index), \"nested\": {\"x\": [1, 2.5, null]}}"]
            }
            try await retryingDeadlocks { try await region.connection.query(sql, parameters) }
        }
    }

    private func retryingDeadlocks(_ body: () async throws -> PostgresRows) async throws {
        for attempt in 1... {
            do {
                _ = try await body()
                return
            } catch let error as PostgresError where error.isTransient && attempt < 5 {
                continue
            }
        }
    }
}
