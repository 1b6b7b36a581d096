import RegionCore

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
}
