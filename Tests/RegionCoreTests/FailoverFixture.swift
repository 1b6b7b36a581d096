import RegionCore

/// The example deployment of regions.yaml, built directly: seoul primary (70 %, KR),
/// singapore secondary (20 %, SG), tokyo DR (10 %, JP) and a frankfurt witness.
enum FailoverFixture {
    static let seoul: RegionName = "seoul"
    static let singapore: RegionName = "singapore"
    static let tokyo: RegionName = "tokyo"
    static let frankfurt: RegionName = "frankfurt"

    static func deployment(health: HealthSettings = HealthSettings(), withWitness: Bool = true) -> RegionsConfig {
        var regions = [
            region(seoul, .primary, traffic: 70, jurisdiction: "KR", address: "10.0.1.1"),
            region(singapore, .secondary, traffic: 20, jurisdiction: "SG", address: "10.0.2.1"),
            region(tokyo, .dr, traffic: 10, jurisdiction: "JP", address: "10.0.3.1"),
        ]
        if withWitness {
            regions.append(region(frankfurt, .witness, traffic: 0, jurisdiction: "DE", address: "10.0.4.1"))
        }
        return RegionsConfig(
            service: ServiceConfig(zone: "example.com.", hostnames: ["app.example.com."], ttl: .seconds(60)),
            objectives: Objectives(),
            health: health,
            dns: DNSSettings(provider: .file(path: "dns.json")),
            regions: regions,
            geos: [
                GeoConfig(name: "KR", countries: ["KR"], preference: [seoul, tokyo, singapore]),
                GeoConfig(name: "SEA", continents: ["SEA"], preference: [singapore, seoul, tokyo]),
                GeoConfig(name: "JP", countries: ["JP"], preference: [tokyo, seoul, singapore]),
                GeoConfig(
                    name: "default", preference: [seoul, singapore, tokyo],
                    weights: [seoul: 70, singapore: 20, tokyo: 10], isDefault: true
                ),
            ],
            tiers: [
                TierConfig(name: "critical", maxLag: .seconds(5), tables: ["accounts"], batchWindow: .milliseconds(200)),
                TierConfig(name: "content", maxLag: .seconds(30), tables: ["posts"], batchWindow: .seconds(5)),
                TierConfig(name: "logs", maxLag: .seconds(300), tables: ["events"], batchWindow: .seconds(300), compress: true),
            ],
            residency: ResidencyConfig(
                classes: [ResidencyClass(name: "global", allowedRegions: [seoul, singapore, tokyo])],
                tables: ["accounts": .fixed(className: "global")]
            )
        )
    }

    /// Lag under every tier objective of `deployment()`.
    static let caughtUp: [String: Duration] = ["critical": .seconds(1), "content": .seconds(3), "logs": .seconds(30)]

    static func at(seconds: Int64) -> Timestamp { Timestamp(milliseconds: seconds * 1000) }

    private static func region(
        _ name: RegionName, _ role: RegionRole, traffic: Int, jurisdiction: String, address: String
    ) -> RegionConfig {
        RegionConfig(
            name: name, role: role, traffic: traffic, jurisdiction: jurisdiction, addresses: [address],
            agentURL: "https://agent.\(name).example.com:7070", database: .environment("\(name.rawValue.uppercased())_DSN")
        )
    }
}
