import RegionCore

/// The two-region deployment the benchmark runs: one replicated table, `items`, in the
/// content tier; rows of Korean users may live only in seoul.
enum BenchmarkDeployment {
    static let seoul: RegionName = "seoul"
    static let tokyo: RegionName = "tokyo"
    static let table = "items"

    static let applicationSchema = """
        CREATE TABLE items (id bigint PRIMARY KEY, country text NOT NULL, payload text NOT NULL, updated_at timestamptz NOT NULL);
        """

    /// The deployment with tokyo's agent listening on `tokyoPort` (seoul's is never called).
    static func config(tokyoPort: Int = 1) -> RegionsConfig {
        RegionsConfig(
            service: ServiceConfig(zone: "example.com.", hostnames: ["app.example.com."], ttl: .seconds(30)),
            objectives: Objectives(), health: HealthSettings(), dns: DNSSettings(provider: .file(path: "/dev/null")),
            regions: [seoul, tokyo].map {
                RegionConfig(
                    name: $0, role: .secondary, traffic: 50, jurisdiction: $0 == seoul ? "KR" : "JP", addresses: ["127.0.0.1"],
                    agentURL: "http://127.0.0.1:\($0 == tokyo ? tokyoPort : 1)", database: .environment("REGIOND_BENCH_DSN"))
            },
            geos: [GeoConfig(name: "default", preference: [seoul, tokyo], isDefault: true)],
            tiers: [TierConfig(name: "content", maxLag: .seconds(30), tables: [table], batchWindow: .seconds(2))],
            residency: ResidencyConfig(
                classes: [
                    ResidencyClass(name: "kr-personal", allowedRegions: [seoul]),
                    ResidencyClass(name: "global", allowedRegions: [seoul, tokyo]),
                ],
                tables: [table: .byColumn(column: "country", map: ["KR": "kr-personal"], default: "global")]))
    }
}
