import Foundation
import RegionCore
import RegionTestSupport

/// regions.yaml files for a three-region deployment on loopback (seoul, singapore, tokyo)
/// at demo time scale, with secrets in files and the environment.
///
/// Every agent gets its own copy, in which the other regions' `agent_url`s and health
/// checks may point at fault proxies (`route`), so the test decides link by link — in each
/// direction — what reaches whom. Operators' commands (`install`, `audit verify`) use
/// `operatorConfigPath`, which addresses every agent directly.
struct ChaosDeployment: Sendable {
    static let regions = LoopbackDeploymentYAML.regions
    static let addresses = LoopbackDeploymentYAML.addresses
    static let countries = LoopbackDeploymentYAML.countries

    /// How the coordinator publishes DNS.
    enum DNS: Sendable {
        case file
        /// PowerDNS's HTTP API; its key is read from `REGIOND_PDNS_API_KEY`.
        case powerDNS(apiURL: String)
    }

    let directory: URL
    let agentPorts: [RegionName: Int]
    let databasePorts: [RegionName: Int]
    let dns: DNS
    /// The port `viewer` uses to reach `target` (a proxy), when not the agent's own port.
    let routes: [Link: Int]
    /// Secret values the agents must never reveal.
    let secrets: ChaosSecrets

    var operatorConfigPath: String { directory.appendingPathComponent("regions.yaml").path }
    var dnsPath: String { directory.appendingPathComponent("dns.json").path }

    func configPath(of viewer: RegionName) -> String { directory.appendingPathComponent("regions-\(viewer).yaml").path }
    func auditDirectory(_ region: RegionName) -> String { directory.appendingPathComponent("audit-\(region)").path }
    func agentLogPath(_ region: RegionName) -> String { directory.appendingPathComponent("agent-\(region).log").path }

    /// Writes the cluster key, each region's connection string and every regions.yaml.
    func write() throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try secrets.clusterKey.write(to: directory.appendingPathComponent("cluster.key"), atomically: true, encoding: .utf8)
        for region in Self.regions {
            let dsn = "host=127.0.0.1 port=\(databasePorts[region] ?? 0) dbname=postgres user=postgres "
                + "password=\(secrets.databasePassword) connect_timeout=2"
            try dsn.write(to: directory.appendingPathComponent("\(region).dsn"), atomically: true, encoding: .utf8)
        }
        try yaml(viewer: nil).write(toFile: operatorConfigPath, atomically: true, encoding: .utf8)
        for viewer in Self.regions {
            try yaml(viewer: viewer).write(toFile: configPath(of: viewer), atomically: true, encoding: .utf8)
        }
    }

    private func port(of target: RegionName, seenBy viewer: RegionName?) -> Int {
        if let viewer, let routed = routes[Link(from: viewer, to: target)] { return routed }
        return agentPorts[target] ?? 0
    }

    private func yaml(viewer: RegionName?) -> String {
        let regions = LoopbackDeploymentYAML.regionsBlock(
            agentPort: { port(of: $0, seenBy: viewer) }, databaseFile: { directory.appendingPathComponent("\($0).dsn").path })
        return """
        \(LoopbackDeploymentYAML.serviceAndHealth(flapTransitions: 6, stableFor: "2s"))
        \(dnsYAML)
        \(regions)
        geo:
          - {name: KR, countries: [KR], nets: [198.51.100.0/25], prefer: [seoul, tokyo, singapore]}
          - {name: SEA, countries: [SG], nets: [198.51.100.128/25], prefer: [singapore, seoul, tokyo]}
          - {name: JP, countries: [JP], nets: [203.0.113.0/25], prefer: [tokyo, seoul, singapore]}
          - {name: rest-of-world, default: true, prefer: [seoul, singapore, tokyo]}
        tiers:
          - {name: critical, max_lag: 5s, batch_window: 50ms, tables: [accounts, counters]}
        residency:
          classes:
            kr-personal: {jurisdictions: [KR]}
            global: {anywhere: true}
          tables:
            accounts: {column: country, map: {KR: kr-personal}, default: global}
            counters: {class: global}
        security:
          cluster_key: {file: \(directory.appendingPathComponent("cluster.key").path)}
          max_body_bytes: \(Self.maxBodyBytes)
        """
    }

    /// Small enough that an oversized request is cheap to send.
    static let maxBodyBytes = 1 << 20

    private var dnsYAML: String {
        switch dns {
        case .file:
            return LoopbackDeploymentYAML.fileDNS(path: dnsPath)
        case .powerDNS(let apiURL):
            return """
            dns:
              provider: powerdns
              api_url: \(apiURL)
              server_id: localhost
              api_key: {env: REGIOND_PDNS_API_KEY}
              apply_timeout: 2s
            """
        }
    }

    /// The tables the application writes, created before `regiond install`.
    static let applicationSchema = """
        CREATE TABLE IF NOT EXISTS accounts (id bigint PRIMARY KEY, country text NOT NULL, origin text NOT NULL, note text);
        CREATE TABLE IF NOT EXISTS counters (id text PRIMARY KEY, value bigint NOT NULL);
        """
}

/// One direction between two agents: what `from` sends to `to`.
struct Link: Hashable, Sendable, CustomStringConvertible {
    var from: RegionName
    var to: RegionName

    var description: String { "\(from)->\(to)" }

    static var all: [Link] {
        ChaosDeployment.regions.flatMap { from in ChaosDeployment.regions.filter { $0 != from }.map { Link(from: from, to: $0) } }
    }
}

/// The secrets of a deployment, random per run, so a leak check looks for exact values.
struct ChaosSecrets: Sendable {
    var clusterKey = "ck-" + UUID().uuidString + UUID().uuidString
    var databasePassword = "pw-" + UUID().uuidString
    var dnsAPIKey = "dns-" + UUID().uuidString

    var all: [String: String] { ["cluster key": clusterKey, "database password": databasePassword, "DNS API key": dnsAPIKey] }
}
