import Foundation
import RegionCore
import RegionIntegrity
import RegionPostgres
import Testing

/// The agent's database role needs only the grants deploy/README.md lists under "The
/// database roles": every piece of the agent that touches PostgreSQL runs here under a role
/// holding exactly those (no superuser, owning nothing), and a missing grant fails with an
/// error naming the object and pointing to that section.
@Suite(.serialized)
struct AgentRolePrivilegesTests {
    @Test func everyPieceOfTheAgentWorksWithOnlyTheDocumentedGrants() async throws {
        let config = IntegrityFixture.config(retention: [RetentionRule(region: IntegrityFixture.tokyo, table: "posts", keep: .seconds(600))])
        try await AgentRoleRegions.with(config: config) { regions in
            let seoul = try await regions.agentConnection(IntegrityFixture.seoul)
            let tokyo = try await regions.agentConnection(IntegrityFixture.tokyo)
            #expect(try await seoul.query("SELECT rolsuper::text AS s FROM pg_roles WHERE rolname = current_user").first?["s"] == "false")
            #expect(try await seoul.query("SELECT count(*) AS n FROM pg_class WHERE relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)").first?["n"] == "0")
            #expect(try await seoul.query("SELECT origin FROM regiond.settings").first?["origin"] == "seoul")

            try await regions.writeAsApplication("INSERT INTO posts VALUES (101, 'written by the application')", in: IntegrityFixture.seoul)
            let reader = ChangeReader(connection: seoul, logger: IntegrityFixture.logger)
            let batch = try await reader.read(tier: "content", after: try await reader.cursor(peer: IntegrityFixture.tokyo, tier: "content"), limit: 100)
            #expect(batch.changes.map(\.primaryKey) == ["{\"id\": 101}"])
            try await reader.acknowledge(peer: IntegrityFixture.tokyo, tier: "content", through: batch.end)
            try await reader.acknowledge(peer: IntegrityFixture.singapore, tier: "content", through: batch.end)
            #expect(try await reader.prune() == 1)

            let applier = try await ChangeApplier.load(tableNames: config.replicatedTables, connection: tokyo, logger: IntegrityFixture.logger)
            let fresh = Version(hlc: HLC(physicalMilliseconds: IntegrityFixture.wallClock.milliseconds), origin: IntegrityFixture.seoul)
            _ = try await applier.apply([RemoteChange(table: "posts", primaryKey: "{\"id\": 101}", version: fresh, row: "{\"id\": 101, \"body\": \"written by the application\"}")])
            #expect(try await regions.admin(IntegrityFixture.tokyo).dump("posts").contains("{\"id\": 101, \"body\": \"written by the application\"}"))

            try await regions.admin(IntegrityFixture.tokyo).behindRegiondsBack("UPDATE accounts SET name = 'tampered' WHERE id = 3")
            let checker = IntegrityChecker(
                config: config, local: try await regions.agentStore(IntegrityFixture.seoul),
                remote: LoopbackIntegrityPeer(store: try await regions.agentStore(IntegrityFixture.tokyo), meter: ExchangeMeter()),
                planner: DescentPlanner(), logger: IntegrityFixture.logger)
            let check = try await checker.check(table: "accounts", now: IntegrityFixture.wallClock, repair: true)
            #expect(check.differing == 1 && check.repaired == 1 && check.unrepaired.isEmpty)

            let purger = RetentionPurger(
                config: config, region: IntegrityFixture.tokyo, connection: tokyo, tables: [try await TableSchema.load("posts", from: tokyo)],
                log: nil, logger: IntegrityFixture.logger)
            #expect(try await purger.purge(now: IntegrityFixture.wallClock).map(\.rows) == [30])

            let eraser = Eraser(config: config, region: IntegrityFixture.seoul, connection: seoul, log: nil, logger: IntegrityFixture.logger)
            #expect(try await eraser.erase(table: "accounts", key: RowKey("4"), at: IntegrityFixture.wallClock).rows == 1)

            for peer in [IntegrityFixture.tokyo, IntegrityFixture.singapore] {
                let erased = try await reader.read(tier: "critical", after: try await reader.cursor(peer: peer, tier: "critical"), limit: 100)
                try await reader.acknowledge(peer: peer, tier: "critical", through: erased.end)
            }
            let tombstones = TombstonePurger(connection: seoul, policy: TombstonePurgePolicy(grace: .seconds(3600)), logger: IntegrityFixture.logger)
            #expect(try await tombstones.purge(now: IntegrityFixture.wallClock + .seconds(7200)) == 1)
        }
    }

    @Test func aMissingGrantFailsNamingTheObjectAndTheREADMESection() async throws {
        try await AgentRoleRegions.with(config: IntegrityFixture.config()) { regions in
            try await regions.admin(IntegrityFixture.seoul).connection.execute("REVOKE DELETE ON regiond.row_versions FROM \(AgentRoleRegions.role)")
            let seoul = try await regions.agentConnection(IntegrityFixture.seoul)
            let tombstones = TombstonePurger(connection: seoul, policy: TombstonePurgePolicy(grace: .seconds(0)), logger: IntegrityFixture.logger)
            let error = try await #require(throws: PostgresError.self) {
                try await tombstones.purge(now: IntegrityFixture.wallClock)
            }
            #expect(error.sqlState == PostgresError.insufficientPrivilege)
            #expect(error.description.contains("permission denied for table row_versions"))
            #expect(error.description.contains("\"The database roles\""))
        }
    }
}

/// Seoul and tokyo as in `TwoRegions`, plus the agent's role holding the README's grants in
/// both databases and an application role that writes through the capture triggers.
struct AgentRoleRegions {
    static let role = "regiond_agent"
    static let applicationRole = "regiond_test_app"

    let cluster: LocalPostgresCluster
    let regions: [RegionName: IntegrityRegion]
    let config: RegionsConfig

    static func with(config: RegionsConfig, _ body: (AgentRoleRegions) async throws -> Void) async throws {
        try await LocalPostgresCluster.with(logger: IntegrityFixture.logger) { cluster in
            var regions: [RegionName: IntegrityRegion] = [:]
            for name in [IntegrityFixture.seoul, IntegrityFixture.tokyo] {
                regions[name] = try await IntegrityRegion.make(name, in: cluster, config: config)
            }
            let roles = try DocumentedRoles()
            let admin = try #require(regions[IntegrityFixture.seoul]).connection
            try await admin.execute("CREATE ROLE \(applicationRole) LOGIN")
            for statement in roles.agent where statement.hasPrefix("CREATE ROLE") {
                try await admin.execute(statement)
            }
            for (name, region) in regions {
                for statement in roles.agent where !statement.hasPrefix("CREATE ROLE") {
                    try await region.connection.execute(roles.adapted(statement, database: "region_\(name.rawValue)", tables: config.replicatedTables))
                }
                for statement in roles.application {
                    try await region.connection.execute(roles.adapted(statement, database: "region_\(name.rawValue)", tables: config.replicatedTables))
                }
                try await region.connection.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON \(config.replicatedTables.joined(separator: ", ")) TO \(applicationRole)")
            }
            let version = IntegrityFixture.settledVersion()
            let accounts = (1...10).map { id in
                (id: id, json: "{\"id\": \(id), \"country\": \"JP\", \"name\": \"user \(id)\"}", version: version)
            }
            let posts = (1...30).map { id in (id: id, json: "{\"id\": \(id), \"body\": \"post \(id)\"}", version: version) }
            for region in regions.values {
                try await region.seed("accounts", accounts)
                try await region.seed("posts", posts)
            }
            try await body(AgentRoleRegions(cluster: cluster, regions: regions, config: config))
        }
    }

    func admin(_ region: RegionName) throws -> IntegrityRegion {
        try #require(regions[region])
    }

    func agentConnection(_ region: RegionName) async throws -> PostgresConnection {
        try await connection(region, role: Self.role)
    }

    func agentStore(_ region: RegionName) async throws -> PostgresIntegrityStore {
        try await PostgresIntegrityStore.open(
            config: config, region: region, reader: try await agentConnection(region), writer: try await agentConnection(region),
            logger: IntegrityFixture.logger)
    }

    func writeAsApplication(_ sql: String, in region: RegionName) async throws {
        let connection = try await connection(region, role: Self.applicationRole)
        try await connection.execute(sql)
        await connection.close()
    }

    private func connection(_ region: RegionName, role: String) async throws -> PostgresConnection {
        let admin = cluster.connectionString(database: "region_\(region.rawValue)")
        return try await PostgresConnection.connect(to: ConnectionString(admin.rawValue + " user=\(role)"), logger: IntegrityFixture.logger)
    }
}

/// The SQL of deploy/README.md's "The database roles": the agent's role and what the
/// application's roles need for the capture triggers, one statement per element.
struct DocumentedRoles {
    static let exampleDatabase = "shop"
    static let exampleApplicationRole = "shop_app"
    static let exampleTables = "users, sessions, payments, orders, user_content, app_logs, audit_events"

    let agent: [String]
    let application: [String]

    init() throws {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("deploy/README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        agent = try Self.statements(in: text, after: "**Agent.**")
        application = try Self.statements(in: text, after: "**Application.**")
    }

    /// The example's database, tables and application role replaced by the test's.
    func adapted(_ statement: String, database: String, tables: [String]) -> String {
        statement
            .replacingOccurrences(of: "ON DATABASE \(Self.exampleDatabase) ", with: "ON DATABASE \(database) ")
            .replacingOccurrences(of: Self.exampleTables, with: tables.joined(separator: ", "))
            .replacingOccurrences(of: Self.exampleApplicationRole, with: AgentRoleRegions.applicationRole)
    }

    private static func statements(in text: String, after heading: String) throws -> [String] {
        let section = try #require(text.range(of: heading), "deploy/README.md has no \(heading) paragraph")
        let start = try #require(text.range(of: "```sql\n", range: section.upperBound..<text.endIndex))
        let end = try #require(text.range(of: "```", range: start.upperBound..<text.endIndex))
        let code = text[start.upperBound..<end.lowerBound].split(separator: "\n")
            .map { line in line.range(of: "--").map { String(line[..<$0.lowerBound]) } ?? String(line) }
            .joined(separator: " ")
        return code.split(separator: ";").map { $0.split(whereSeparator: \.isWhitespace).joined(separator: " ") }.filter { !$0.isEmpty }
    }
}
