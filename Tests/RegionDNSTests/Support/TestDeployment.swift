import RegionCore

/// The example deployment of the DNS tests: KR, SEA and JP users (documentation
/// networks standing in for them) and three regions answering with loopback addresses.
enum TestDeployment {
    static let koreaNetwork = "198.51.100.0/25"
    static let southEastAsiaNetwork = "198.51.100.128/25"
    static let japanNetwork = "203.0.113.0/25"

    static let seoulAddress = "127.0.0.10"
    static let singaporeAddress = "127.0.0.20"
    static let tokyoAddress = "127.0.0.30"

    static func config(ttl: Duration = .seconds(5), hostnames: [String] = ["app.example.com.", "*.shop.example.com."]) -> RegionsConfig {
        RegionsConfig(
            service: ServiceConfig(zone: "example.com.", hostnames: hostnames, ttl: ttl),
            objectives: Objectives(),
            health: HealthSettings(),
            dns: DNSSettings(provider: .file(path: "/dev/null")),
            regions: [
                region("seoul", .primary, 70, "KR", seoulAddress),
                region("singapore", .secondary, 20, "SG", singaporeAddress),
                region("tokyo", .dr, 10, "JP", tokyoAddress),
            ],
            geos: [
                GeoConfig(name: "kr", countries: ["KR"], networks: [koreaNetwork], preference: ["seoul", "tokyo", "singapore"]),
                GeoConfig(name: "sea", countries: ["SG", "MY", "TH"], networks: [southEastAsiaNetwork], preference: ["singapore", "seoul", "tokyo"]),
                GeoConfig(name: "jp", countries: ["JP"], networks: [japanNetwork], preference: ["tokyo", "seoul", "singapore"]),
                GeoConfig(name: "world", preference: ["seoul", "singapore", "tokyo"], isDefault: true),
            ],
            tiers: [],
            residency: ResidencyConfig(classes: [], tables: [:])
        )
    }

    /// Each geo served by its first preferred region that is not down, the others kept
    /// as fallbacks: what the failover planner publishes for this simple deployment.
    static func desired(down: Set<RegionName> = [], config: RegionsConfig = config()) -> DesiredDNSState {
        DesiredDNSState(geos: config.geos.map { geo in
            GeoAnswer(geo: geo.name, regions: geo.preference.filter { !down.contains($0) }.map { WeightedRegion(region: $0, weight: 0) })
        })
    }

    private static func region(_ name: RegionName, _ role: RegionRole, _ traffic: Int, _ jurisdiction: String, _ address: String) -> RegionConfig {
        RegionConfig(name: name, role: role, traffic: traffic, jurisdiction: jurisdiction, addresses: [address],
                     agentURL: "http://\(address):7400", database: .environment("UNUSED"))
    }
}
