import Foundation
import RegionCore
import RegionPostgres

/// The deployment the integrity tests check, in-process and through agents alike: seoul,
/// tokyo and singapore share `accounts` (critical tier; Korean rows are kr-personal, held in
/// seoul only) and `posts` (content tier, global).
public enum IntegrityTestDeployment {
    public static let regions: [RegionName] = ["seoul", "tokyo", "singapore"]

    /// - Parameters:
    ///   - agentURL: where each region's agent listens (unused by tests without agents).
    ///   - database: where each region's DSN comes from.
    public static func config(
        agentURL: (RegionName) -> String, database: (RegionName) -> SecretReference,
        retention: [RetentionRule] = [], integrity: IntegritySettings = .init(), security: SecuritySettings = .init()
    ) -> RegionsConfig {
        let seoul = regions[0]
        return RegionsConfig(
            service: ServiceConfig(zone: "example.com.", hostnames: ["app.example.com."], ttl: .seconds(30)),
            objectives: Objectives(), health: HealthSettings(), dns: DNSSettings(provider: .file(path: "/dev/null")),
            regions: regions.map {
                RegionConfig(
                    name: $0, role: .secondary, traffic: $0 == seoul ? 34 : 33, jurisdiction: "KR", addresses: ["127.0.0.1"],
                    agentURL: agentURL($0), database: database($0))
            },
            geos: [GeoConfig(name: "default", preference: regions, isDefault: true)],
            tiers: [
                TierConfig(name: "critical", maxLag: .seconds(5), tables: ["accounts"], batchWindow: .milliseconds(200)),
                TierConfig(name: "content", maxLag: .seconds(30), tables: ["posts"], batchWindow: .seconds(1)),
            ],
            residency: ResidencyConfig(
                classes: [
                    ResidencyClass(name: "kr-personal", allowedRegions: [seoul]),
                    ResidencyClass(name: "global", allowedRegions: Set(regions)),
                ],
                tables: [
                    "accounts": .byColumn(column: "country", map: ["KR": "kr-personal"], default: "global"),
                    "posts": .fixed(className: "global"),
                ]),
            retention: retention, integrity: integrity, security: security)
    }

    /// The application's tables, created before `regiond install`.
    public static let applicationSchema = """
        CREATE TABLE accounts (id bigint PRIMARY KEY, country text, name text NOT NULL);
        CREATE TABLE posts (id bigint PRIMARY KEY, body text);
        """

    /// An hour ago, by this machine's clock: old enough to be behind every replication horizon.
    public static func settledVersion(origin: RegionName = "seoul", offset: UInt16 = 0) -> Version {
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        return Version(hlc: HLC(physicalMilliseconds: now - 3_600_000, logical: offset), origin: origin)
    }

    /// The rows every test region starts with, as replication delivers them: accounts 1...40
    /// (every fifth Korean, so kr-personal) and posts 1...30, all at `version`.
    public static func settledRows(version: Version) -> (accounts: [RemoteChange], posts: [RemoteChange]) {
        let accounts = (1...40).map { id in
            RemoteChange(
                table: "accounts", primaryKey: "{\"id\": \(id)}", version: version,
                row: "{\"id\": \(id), \"country\": \"\(id % 5 == 0 ? "KR" : "JP")\", \"name\": \"user \(id)\"}")
        }
        let posts = (1...30).map { id in
            RemoteChange(table: "posts", primaryKey: "{\"id\": \(id)}", version: version, row: "{\"id\": \(id), \"body\": \"post \(id)\"}")
        }
        return (accounts, posts)
    }

    /// Whether a settled account row is Korean (held in seoul only).
    public static func isKorean(_ account: RemoteChange) -> Bool { (account.row ?? "").contains("\"KR\"") }
}
