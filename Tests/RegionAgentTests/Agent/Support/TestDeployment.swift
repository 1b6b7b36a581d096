import Foundation
import RegionConfigIO
import RegionCore
import RegionTestSupport

/// A three-region deployment (seoul, singapore, tokyo) on loopback with demo-scale
/// intervals: probes every 500 ms, down after 3 failures, back after 4 successes, gossip
/// every 250 ms. Secrets are files in `directory`, so in-process agents do not share them
/// through the environment.
struct TestDeployment {
    static let regions = LoopbackDeploymentYAML.regions

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
        let regions = LoopbackDeploymentYAML.regionsBlock(
            agentPort: { agentPorts[$0] ?? 0 }, databaseFile: { directory.appendingPathComponent("\($0).dsn").path }, minTLS: "1.2")
        return """
        \(LoopbackDeploymentYAML.serviceAndHealth(flapTransitions: 10, stableFor: "1s"))
        \(LoopbackDeploymentYAML.fileDNS(path: dnsPath))
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
