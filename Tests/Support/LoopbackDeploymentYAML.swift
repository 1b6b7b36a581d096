import Foundation
import RegionCore

/// The parts of regions.yaml that every test deployment of seoul, singapore and tokyo on
/// loopback shares: the three regions as the demo declares them, the service, and health
/// settings at demo time scale (probes every 500 ms, down after 3 failures, back after 4
/// successes, gossip every 250 ms). Suites add their own DNS, geo, tiers and residency.
public enum LoopbackDeploymentYAML {
    public static let regions: [RegionName] = ["seoul", "singapore", "tokyo"]
    public static let addresses: [RegionName: String] = ["seoul": "192.0.2.10", "singapore": "192.0.2.20", "tokyo": "192.0.2.30"]
    public static let countries: [RegionName: String] = ["seoul": "KR", "singapore": "SG", "tokyo": "JP"]
    static let roles: [RegionName: String] = ["seoul": "primary", "singapore": "secondary", "tokyo": "dr"]
    static let traffic: [RegionName: Int] = ["seoul": 70, "singapore": 20, "tokyo": 10]

    /// `service:` and `health:`; flap damping is the one setting suites tune (how soon a
    /// region that went down and up again may serve).
    public static func serviceAndHealth(flapTransitions: Int, stableFor: String) -> String {
        """
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
          flap_damping: {transitions: \(flapTransitions), window: 1m, stable_for: \(stableFor)}
          gossip_interval: 250ms
          observation_ttl: 3s
        """
    }

    /// `regions:`, each agent reached on `agentPort(region)` (its own port or a proxy in
    /// front of it) and its database through the DSN file `databaseFile(region)`.
    public static func regionsBlock(
        agentPort: (RegionName) -> Int, databaseFile: (RegionName) -> String, minTLS: String? = nil
    ) -> String {
        let entries = regions.map { region in
            let port = agentPort(region)
            var entry = """
              - name: \(region)
                role: \(roles[region] ?? "dr")
                traffic: \(traffic[region] ?? 0)
                jurisdiction: \(countries[region] ?? "")
                addresses: [\(addresses[region] ?? "")]
                agent_url: http://127.0.0.1:\(port)
                database: {file: \(databaseFile(region))}
                health_checks:
                  - {kind: http, target: "http://127.0.0.1:\(port)/v1/health"}
            """
            if let minTLS { entry += "\n    min_tls: \"\(minTLS)\"" }
            return entry
        }
        return "regions:\n" + entries.joined(separator: "\n")
    }

    /// A `dns:` section that writes the answers to a JSON file.
    public static func fileDNS(path: String) -> String {
        """
        dns:
          provider: file
          path: \(path)
          apply_timeout: 2s
        """
    }
}
