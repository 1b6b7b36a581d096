import Logging
import RegionCore
import RegionPostgres

/// Shared scaffolding: a small regions.yaml model and the application tables it replicates.
enum Fixtures {
    static let logger = Logger(label: "regiond.tests.postgres")

    static let applicationSchema = """
        CREATE TABLE accounts (id bigint PRIMARY KEY, country text, name text NOT NULL, balance numeric(12,2) NOT NULL DEFAULT 0);
        CREATE TABLE posts (id bigint PRIMARY KEY, author bigint, body text, tags text[], created timestamptz NOT NULL DEFAULT now());
        CREATE TABLE events (source text, id bigint, payload jsonb, PRIMARY KEY (source, id));
        """

    static func config(regions names: [RegionName]) -> RegionsConfig {
        RegionsConfig(
            service: ServiceConfig(zone: "example.com.", hostnames: ["app.example.com."], ttl: .seconds(30)),
            objectives: Objectives(), health: HealthSettings(), dns: DNSSettings(provider: .file(path: "/dev/null")),
            regions: names.map {
                RegionConfig(
                    name: $0, role: .secondary, traffic: 100 / names.count, jurisdiction: "KR", addresses: ["127.0.0.1"],
                    agentURL: "http://127.0.0.1:1", database: .environment("REGIOND_TEST_DSN_\($0.rawValue.uppercased())"))
            },
            geos: [GeoConfig(name: "default", preference: names, isDefault: true)],
            tiers: [
                TierConfig(name: "critical", maxLag: .seconds(5), tables: ["accounts"], batchWindow: .milliseconds(200)),
                TierConfig(name: "content", maxLag: .seconds(30), tables: ["posts"], batchWindow: .seconds(1)),
                TierConfig(name: "logs", maxLag: .seconds(300), tables: ["events"], batchWindow: .seconds(5)),
            ],
            residency: ResidencyConfig(
                classes: [
                    ResidencyClass(name: "kr-personal", allowedRegions: Set(names.prefix(1))),
                    ResidencyClass(name: "gdpr", allowedRegions: Set(names.suffix(1))),
                    ResidencyClass(name: "global", allowedRegions: Set(names)),
                ],
                tables: [
                    "accounts": .byColumn(column: "country", map: ["KR": "kr-personal", "EU": "gdpr"], default: "global"),
                    "posts": .fixed(className: "global"),
                    "events": .fixed(className: "global"),
                ]))
    }
}

/// One region's database inside a test cluster, with the application tables and regiond
/// installed.
struct RegionDatabase {
    let name: RegionName
    let connection: PostgresConnection
    let reader: ChangeReader
    let applier: ChangeApplier

    static func make(_ name: RegionName, in cluster: LocalPostgresCluster, config: RegionsConfig) async throws -> RegionDatabase {
        let database = "region_\(name.rawValue)"
        try await cluster.createDatabase(database, logger: Fixtures.logger)
        let connection = try await PostgresConnection.connect(to: cluster.connectionString(database: database), logger: Fixtures.logger)
        try await connection.execute(Fixtures.applicationSchema)
        try await SchemaInstaller(config: config, region: name, logger: Fixtures.logger).install(using: connection)
        let applierConnection = try await PostgresConnection.connect(to: cluster.connectionString(database: database), logger: Fixtures.logger)
        let applier = try await ChangeApplier.load(tableNames: config.replicatedTables, connection: applierConnection, logger: Fixtures.logger)
        return RegionDatabase(name: name, connection: connection, reader: ChangeReader(connection: connection, logger: Fixtures.logger), applier: applier)
    }

    /// Every change not yet read for `peer` in every tier, the cursor advanced and acknowledged.
    func drain(for peer: RegionName, tiers: [String]) async throws -> [CapturedChange] {
        var all: [CapturedChange] = []
        for tier in tiers {
            var position = try await reader.cursor(peer: peer, tier: tier)
            while true {
                let batch = try await reader.read(tier: tier, after: position, limit: 1000)
                all += batch.changes
                if batch.scanned == 0 { break }
                position = batch.end
            }
            try await reader.acknowledge(peer: peer, tier: tier, through: position)
        }
        return all
    }

    /// The table's rows as COPY text ordered by key: equal output means byte-identical rows.
    func dump(_ table: String, orderBy: String) async throws -> String {
        String(decoding: try await connection.copyOut("COPY (SELECT * FROM \(table) ORDER BY \(orderBy)) TO STDOUT"), as: UTF8.self)
    }
}
