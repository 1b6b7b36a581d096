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

    static let applicationSchema = IntegrityTestDeployment.applicationSchema

    static func config(retention: [RetentionRule] = []) -> RegionsConfig {
        IntegrityTestDeployment.config(
            agentURL: { _ in "http://127.0.0.1:1" }, database: { .environment("REGIOND_TEST_DSN_\($0.rawValue.uppercased())") },
            retention: retention)
    }

    static var wallClock: Timestamp { Timestamp(milliseconds: Int64(Date().timeIntervalSince1970 * 1000)) }

    static func settledVersion(origin: RegionName = seoul, offset: UInt16 = 0) -> Version {
        IntegrityTestDeployment.settledVersion(origin: origin, offset: offset)
    }
}

/// One region's database with regiond installed and an integrity store over it.
struct IntegrityRegion: InspectableRegionDatabase {
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
            let (accounts, posts) = IntegrityTestDeployment.settledRows(version: IntegrityFixture.settledVersion())
            try await seoul.applier.apply(accounts + posts)
            try await tokyo.applier.apply(accounts.filter { !IntegrityTestDeployment.isKorean($0) } + posts)
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
