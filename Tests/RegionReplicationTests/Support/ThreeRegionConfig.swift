import RegionCore

/// seoul (KR), tokyo (JP) and frankfurt (DE) on loopback: kr-personal rows may live in
/// seoul only, gdpr rows in frankfurt only, global rows anywhere.
enum ThreeRegionConfig {
    static let seoul: RegionName = "seoul"
    static let tokyo: RegionName = "tokyo"
    static let frankfurt: RegionName = "frankfurt"
    static let regions = [seoul, tokyo, frankfurt]

    /// Table definitions, the same in every region.
    static let ddl = """
        CREATE TABLE users (id int PRIMARY KEY, country text, name text NOT NULL, tags text[], profile jsonb);
        CREATE TABLE orders (id int PRIMARY KEY, country text NOT NULL, amount numeric(12,2) NOT NULL);
        CREATE TABLE app_logs (id bigint PRIMARY KEY, message text NOT NULL);
        """

    /// - Parameter ports: each region's agent port, in `regions` order.
    static func make(ports: [Int], logsWindow: Duration = .seconds(2)) -> RegionsConfig {
        let jurisdictions: [RegionName: String] = [seoul: "KR", tokyo: "JP", frankfurt: "DE"]
        let regionConfigs = zip(regions, ports).enumerated().map { index, pair in
            RegionConfig(
                name: pair.0, role: index == 0 ? .primary : .secondary, traffic: index == 0 ? 60 : 20,
                jurisdiction: jurisdictions[pair.0] ?? "KR", addresses: ["192.0.2.\(index + 10)"],
                agentURL: "http://127.0.0.1:\(pair.1)", database: .environment("UNUSED_IN_TESTS"))
        }
        let byCountry = TableResidency.byColumn(column: "country", map: ["KR": "kr-personal", "EU": "gdpr"], default: "global")
        return RegionsConfig(
            service: ServiceConfig(zone: "example.test.", hostnames: ["app.example.test."], ttl: .seconds(30)),
            objectives: Objectives(), health: HealthSettings(), dns: DNSSettings(provider: .file(path: "/dev/null")),
            regions: regionConfigs,
            geos: [GeoConfig(name: "all", preference: regions, isDefault: true)],
            tiers: [
                TierConfig(name: "critical", maxLag: .seconds(5), tables: ["users"], batchWindow: .milliseconds(50)),
                TierConfig(name: "content", maxLag: .seconds(30), tables: ["orders"], batchWindow: .milliseconds(300)),
                TierConfig(
                    name: "logs", maxLag: logsWindow * 2, tables: ["app_logs"], batchWindow: logsWindow,
                    maxBatchRows: 50_000, maxBatchBytes: 8 << 20, compress: true),
            ],
            residency: ResidencyConfig(
                classes: [
                    ResidencyClass(name: "kr-personal", allowedRegions: [seoul]),
                    ResidencyClass(name: "gdpr", allowedRegions: [frankfurt]),
                    ResidencyClass(name: "global", allowedRegions: Set(regions)),
                ],
                tables: ["users": byCountry, "orders": byCountry, "app_logs": .fixed(className: "global")]),
            replication: ReplicationSettings(backlogLimit: 1_000))
    }
}
