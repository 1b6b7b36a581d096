@testable import RegionCore

/// The deployment the residency, LWW and batcher tests share: seoul (KR, primary),
/// singapore (SG), tokyo (JP), frankfurt (DE, witness).
enum ResidencyFixture {
    static let seoul: RegionName = "seoul"
    static let singapore: RegionName = "singapore"
    static let tokyo: RegionName = "tokyo"
    static let frankfurt: RegionName = "frankfurt"
    static let allRegions: [RegionName] = [seoul, singapore, tokyo, frankfurt]

    static let critical = TierConfig(
        name: "critical", maxLag: .seconds(5), tables: ["sessions", "users", "payments"], batchWindow: .milliseconds(200))
    static let content = TierConfig(
        name: "content", maxLag: .seconds(30), tables: ["orders", "user_content"], batchWindow: .seconds(30))
    static let logs = TierConfig(
        name: "logs", maxLag: .seconds(300), tables: ["app_logs"], batchWindow: .seconds(300), compress: true)

    static let residency = ResidencyConfig(
        classes: [
            ResidencyClass(name: "kr-personal", allowedRegions: [seoul]),
            ResidencyClass(name: "gdpr", allowedRegions: [frankfurt]),
            ResidencyClass(name: "global", allowedRegions: Set(allRegions)),
        ],
        tables: [
            "users": .byColumn(column: "country", map: ["KR": "kr-personal", "EU": "gdpr"], default: "global"),
            "sessions": .byColumn(column: "country", map: ["KR": "kr-personal", "EU": "gdpr"], default: "global"),
            "orders": .fixed(className: "global"),
        ])

    static let config = RegionsConfig(
        service: ServiceConfig(zone: "example.com.", hostnames: ["app.example.com."], ttl: .seconds(60)),
        objectives: Objectives(),
        health: HealthSettings(),
        dns: DNSSettings(provider: .file(path: "dns.json")),
        regions: [
            region(seoul, .primary, "KR", traffic: 70),
            region(singapore, .secondary, "SG", traffic: 20),
            region(tokyo, .dr, "JP", traffic: 10),
            region(frankfurt, .witness, "DE", traffic: 0),
        ],
        geos: [GeoConfig(name: "default", preference: [seoul, singapore, tokyo], isDefault: true)],
        tiers: [critical, content, logs],
        residency: residency)

    static let policy = ResidencyPolicy(config: config)

    private static func region(_ name: RegionName, _ role: RegionRole, _ jurisdiction: String, traffic: Int) -> RegionConfig {
        RegionConfig(
            name: name, role: role, traffic: traffic, jurisdiction: jurisdiction, addresses: ["127.0.0.1"],
            agentURL: "http://127.0.0.1:1", database: .environment("DB_\(name)"))
    }

    static func user(_ id: String, country: String?, name: String = "someone") -> RowValues {
        ["id": id, "country": country, "name": name]
    }

    static func version(_ milliseconds: Int64, _ origin: RegionName = seoul, logical: UInt16 = 0) -> Version {
        Version(hlc: HLC(physicalMilliseconds: milliseconds, logical: logical), origin: origin)
    }
}
