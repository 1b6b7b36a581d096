import Foundation
import Logging
import RegionCore
import RegionIntegrity
import RegionPostgres
import RegionTestSupport

/// A small deployment for the integrity tests: seoul and tokyo hold databases; singapore is
/// configured (it may write versions) but has none. Korean accounts may live only in seoul.
enum IntegrityFixture {
    static let logger = Logger(label: "regiond.tests.integrity")
    static let seoul: RegionName = "seoul"
    static let tokyo: RegionName = "tokyo"
    static let singapore: RegionName = "singapore"

    static let applicationSchema = """
        CREATE TABLE accounts (id bigint PRIMARY KEY, country text, name text NOT NULL);
        CREATE TABLE posts (id bigint PRIMARY KEY, body text);
        """

    static func config(retention: [RetentionRule] = []) -> RegionsConfig {
        IntegrityTestDeployment.config(
            agentURL: { _ in "http://127.0.0.1:1" }, database: { .environment("REGIOND_TEST_DSN_\($0.rawValue.uppercased())") },
            retention: retention)
    }

    static var wallClock: Timestamp { Timestamp(milliseconds: Int64(Date().timeIntervalSince1970 * 1000)) }

    /// An hour ago: old enough to be behind every replication horizon.
    static func settledVersion(origin: RegionName = seoul, offset: UInt16 = 0) -> Version {
        Version(hlc: HLC(physicalMilliseconds: wallClock.milliseconds - 3_600_000, logical: offset), origin: origin)
    }
}

/// One region's database with regiond installed and an integrity store over it.
struct IntegrityRegion {
    let name: RegionName
    let connection: PostgresConnection
    let store: PostgresIntegrityStore
    let applier: ChangeApplier

    static func make(_ name: RegionName, in cluster: LocalPostgresCluster, config: RegionsConfig) async throws -> IntegrityRegion {
        let database = "region_\(name.rawValue)"
        try await cluster.createDatabase(database, logger: IntegrityFixture.logger)
        func connect() async throws -> PostgresConnection {
            try await PostgresConnection.connect(to: cluster.connectionString(database: database), logger: IntegrityFixture.logger)
        }
        let connection = try await connect()
        try await connection.execute(IntegrityFixture.applicationSchema)
        try await SchemaInstaller(config: config, region: name, logger: IntegrityFixture.logger).install(using: connection)
        let store = try await PostgresIntegrityStore.open(
            config: config, region: name, reader: try await connect(), writer: try await connect(), logger: IntegrityFixture.logger)
        let applier = try await ChangeApplier.load(tableNames: config.replicatedTables, connection: try await connect(), logger: IntegrityFixture.logger)
        return IntegrityRegion(name: name, connection: connection, store: store, applier: applier)
    }

    /// Writes rows as replication would have delivered them: with the given versions, not captured.
    func seed(_ table: String, _ rows: [(id: Int, json: String, version: Version)]) async throws {
        try await applier.apply(rows.map { RemoteChange(table: table, primaryKey: "{\"id\": \($0.id)}", version: $0.version, row: $0.json) })
    }

    /// Runs `sql` with the capture triggers off, as an operator editing behind regiond's back would.
    func behindRegiondsBack(_ sql: String) async throws {
        try await connection.execute("SET session_replication_role = replica; \(sql); SET session_replication_role = origin;")
    }

    func dump(_ table: String) async throws -> [String] {
        try await connection.query("SELECT to_jsonb(t)::text AS row FROM \(table) t ORDER BY id").rows.compactMap { $0["row"] }
    }

    func versions(_ table: String) async throws -> [String] {
        try await connection.query(
            "SELECT pk::text || ' ' || hlc || ' ' || origin || ' ' || deleted AS v FROM regiond.row_versions WHERE tbl = $1 ORDER BY pk",
            [table]).rows.compactMap { $0["v"] }
    }
}

/// Seoul and tokyo in one throwaway cluster, both seeded with the same settled rows:
/// accounts 1...40 (every fifth Korean, so held in seoul only) and posts 1...30.
struct TwoRegions {
    let config: RegionsConfig
    let seoul: IntegrityRegion
    let tokyo: IntegrityRegion

    static func with<T>(config: RegionsConfig = IntegrityFixture.config(), _ body: (TwoRegions) async throws -> T) async throws -> T {
        try await LocalPostgresCluster.with(logger: IntegrityFixture.logger) { cluster in
            let seoul = try await IntegrityRegion.make(IntegrityFixture.seoul, in: cluster, config: config)
            let tokyo = try await IntegrityRegion.make(IntegrityFixture.tokyo, in: cluster, config: config)
            let version = IntegrityFixture.settledVersion()
            let accounts = (1...40).map { id in
                (id: id, json: "{\"id\": \(id), \"country\": \"\(id % 5 == 0 ? "KR" : "JP")\", \"name\": \"user \(id)\"}", version: version)
            }
            let posts = (1...30).map { id in (id: id, json: "{\"id\": \(id), \"body\": \"post \(id)\"}", version: version) }
            try await seoul.seed("accounts", accounts)
            try await tokyo.seed("accounts", accounts.filter { $0.id % 5 != 0 })
            try await seoul.seed("posts", posts)
            try await tokyo.seed("posts", posts)
            return try await body(TwoRegions(config: config, seoul: seoul, tokyo: tokyo))
        }
    }

    /// A checker run from seoul against tokyo through the loopback peer protocol.
    func checker(meter: ExchangeMeter = ExchangeMeter(), planner: DescentPlanner = .init()) -> IntegrityChecker {
        IntegrityChecker(
            config: config, local: seoul.store, remote: LoopbackIntegrityPeer(store: tokyo.store, meter: meter),
            planner: planner, logger: IntegrityFixture.logger)
    }
}
