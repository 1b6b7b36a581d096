import Foundation
import RegionConfigIO
import RegionCore

/// A three-region deployment (seoul, singapore, tokyo) on loopback with demo-scale
/// intervals: probes every 500 ms, down after 3 failures, back after 4 successes, gossip
/// every 250 ms. Secrets are files in `directory`, so in-process agents do not share them
/// through the environment.
struct TestDeployment {
    static let regions: [RegionName] = ["seoul", "singapore", "tokyo"]

    let directory: URL
    let agentPorts: [RegionName: Int]
    let databasePorts: [RegionName: Int]

    var configPath: String { directory.appendingPathComponent("regions.yaml").path }
    var dnsPath: String { directory.appendingPathComponent("dns.json").path }

    func auditDirectory(_ region: RegionName) -> String { directory.appendingPathComponent("audit-\(region)").path }

    /// Writes regions.yaml, the cluster key and each region's connection string.
    func write() throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try String(repeating: "k", count: 48).write(to: directory.appendingPathComponent("cluster.key"), atomically: true, encoding: .utf8)
        for region in Self.regions {
            let dsn = "host=127.0.0.1 port=\(databasePorts[region] ?? 0) dbname=postgres user=postgres connect_timeout=2"
            try dsn.write(to: directory.appendingPathComponent("\(region).dsn"), atomically: true, encoding: .utf8)
        }
        try yaml.write(toFile: configPath, atomically: true, encoding: .utf8)
    }

    func load() throws -> RegionsConfig { try RegionsConfigLoader.load(path: configPath).config }

    var yaml: String {
        let traffic: [RegionName: Int] = ["seoul": 70, "singapore": 20, "tokyo": 10]
        let roles: [RegionName: String] = ["seoul": "primary", "singapore": "secondary", "tokyo": "dr"]
        let jurisdictions: [RegionName: String] = ["seoul": "KR", "singapore": "SG", "tokyo": "JP"]
        let addresses: [RegionName: String] = ["seoul": "192.0.2.10", "singapore": "192.0.2.20", "tokyo": "192.0.2.30"]
        let regions = Self.regions.map { region in
            let port = agentPorts[region] ?? 0
            return """
              - name: \(region)
                role: \(roles[region]!)
                traffic: \(traffic[region]!)
                jurisdiction: \(jurisdictions[region]!)
                addresses: [\(addresses[region]!)]
                agent_url: http://127.0.0.1:\(port)
                database: {file: \(directory.appendingPathComponent("\(region).dsn").path)}
                health_checks:
                  - {kind: http, target: "http://127.0.0.1:\(port)/v1/health"}
                min_tls: "1.2"
            """
        }.joined(separator: "\n")
        return """
        service:
          zone: example.com.
          hostnames: [app.example.com.]
          ttl: 5s
        health:
          interval: 500ms
          timeout: 400ms
          failure_threshold: 3
          recovery_threshold: 4
          slow_threshold: 300ms
          flap_damping: {transitions: 10, window: 1m, stable_for: 1s}
          gossip_interval: 250ms
          observation_ttl: 3s
        dns:
          provider: file
          path: \(dnsPath)
          apply_timeout: 2s
        regions:
        \(regions)
        geo:
          - name: KR
            countries: [KR]
            prefer: [seoul, tokyo, singapore]
          - name: SEA
            countries: [SG]
            prefer: [singapore, seoul, tokyo]
          - name: JP
            countries: [JP]
            prefer: [tokyo, seoul, singapore]
          - name: rest-of-world
            default: true
            prefer: [seoul, singapore, tokyo]
        tiers:
          - name: critical
            max_lag: 5s
            batch_window: 100ms
            tables: [users]
        residency:
          classes:
            global: {anywhere: true}
          tables:
            users: {class: global}
        security:
          cluster_key: {file: \(directory.appendingPathComponent("cluster.key").path)}
        """
    }
}
