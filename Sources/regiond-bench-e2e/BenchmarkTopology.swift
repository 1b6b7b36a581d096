import RegionCore

/// seoul (KR), tokyo (JP), frankfurt (DE); one table per tier. Every table records when
/// a row was written at its origin and when it was applied in each receiving region, so
/// lag is measured by the databases' own clocks, end to end.
enum BenchmarkTopology {
    static let regions: [RegionName] = ["seoul", "tokyo", "frankfurt"]
    /// Share of the writes each region takes, in `regions` order.
    static let writeShare = [0.5, 0.3, 0.2]
    /// Table per tier; rows split 50 / 30 / 20 between them.
    static let tables = [("critical", "sessions", 0.5), ("content", "posts", 0.3), ("logs", "app_logs", 0.2)]

    static let ddl = tables.map { _, table, _ in
        """
        CREATE TABLE \(table) (
            id bigint PRIMARY KEY, country text NOT NULL, body text NOT NULL,
            written_at timestamptz NOT NULL DEFAULT clock_timestamp(), applied_at timestamptz);
        CREATE FUNCTION \(table)_stamp_applied() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF coalesce(current_setting('regiond.applying', true), '') = 'on' THEN NEW.applied_at := clock_timestamp(); END IF;
            RETURN NEW;
        END $$;
        CREATE TRIGGER \(table)_stamp_applied BEFORE INSERT OR UPDATE ON \(table)
            FOR EACH ROW EXECUTE FUNCTION \(table)_stamp_applied();
        """
    }.joined(separator: "\n")

    static func config(basePort: Int, logsWindow: Duration) -> RegionsConfig {
        let jurisdictions = ["KR", "JP", "DE"]
        let regionConfigs = regions.enumerated().map { index, name in
            RegionConfig(
                name: name, role: index == 0 ? .primary : .secondary, traffic: [60, 30, 10][index],
                jurisdiction: jurisdictions[index], addresses: ["192.0.2.\(index + 10)"],
                agentURL: "http://127.0.0.1:\(basePort + index)", database: .environment("UNUSED"))
        }
        let byCountry = TableResidency.byColumn(column: "country", map: ["KR": "kr-personal", "EU": "gdpr"], default: "global")
        return RegionsConfig(
            service: ServiceConfig(zone: "bench.invalid.", hostnames: ["app.bench.invalid."], ttl: .seconds(30)),
            objectives: Objectives(), health: HealthSettings(), dns: DNSSettings(provider: .file(path: "/dev/null")),
            regions: regionConfigs, geos: [GeoConfig(name: "all", preference: regions, isDefault: true)],
            tiers: [
                TierConfig(name: "critical", maxLag: .seconds(5), tables: ["sessions"], batchWindow: .milliseconds(200)),
                TierConfig(name: "content", maxLag: .seconds(30), tables: ["posts"], batchWindow: .seconds(2)),
                TierConfig(
                    name: "logs", maxLag: logsWindow + logsWindow / 4, tables: ["app_logs"], batchWindow: logsWindow,
                    maxBatchRows: 50_000, maxBatchBytes: 8 << 20, compress: true),
            ],
            residency: ResidencyConfig(
                classes: [
                    ResidencyClass(name: "kr-personal", allowedRegions: ["seoul"]),
                    ResidencyClass(name: "gdpr", allowedRegions: ["frankfurt"]),
                    ResidencyClass(name: "global", allowedRegions: Set(regions)),
                ],
                tables: ["sessions": byCountry, "posts": byCountry, "app_logs": byCountry]))
    }
}
