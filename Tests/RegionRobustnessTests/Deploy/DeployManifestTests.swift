import Foundation
import RegionCore
import Testing

/// deploy/ must parse and must point at what the agent really serves: the agent_url port of
/// regions.yaml, /healthz, /readyz, /metrics and the peer protocol's paths. A manifest that
/// drifts from the code fails here rather than in a cluster.
struct DeployManifestTests {
    let documents: DeployDocuments
    let repositoryConfig: RegionsConfig
    /// The agent port of the repository's regions.yaml (seoul's `agent_url`).
    let agentPort: Int

    init() throws {
        documents = try DeployDocuments.load()
        repositoryConfig = try RegionsConfigLoader.parse(yaml: try RepositoryFiles.text("regions.yaml"), file: "regions.yaml").config
        agentPort = try #require(AgentSurface.agentPort(of: "seoul", in: repositoryConfig))
    }

    @Test func everyFileParses() {
        #expect(documents.yaml.count >= 8, "deploy/ holds the Kubernetes manifests and the alert rules")
        #expect(!documents.json.isEmpty, "deploy/ holds the Grafana dashboard")
        for document in documents.yaml where document.file != "regiond-alerts.yaml" {
            #expect(document.kind != nil, "\(document.file): a Kubernetes object without kind")
        }
    }

    @Test func sidecarServesTheAgentPortWithHealthAndReadinessProbes() throws {
        let container = try regiondContainer()
        let ports = try #require(container["ports"] as? [[String: Any]])
        let agent = try #require(ports.first { $0["name"] as? String == "agent" }, "the regiond container names its port 'agent'")
        #expect(agent["containerPort"] as? Int == agentPort)
        #expect(resolve(dig(container, "livenessProbe", "httpGet", "port"), in: ports) == agentPort)
        #expect(dig(container, "livenessProbe", "httpGet", "path") as? String == "/healthz")
        #expect(resolve(dig(container, "readinessProbe", "httpGet", "port"), in: ports) == agentPort)
        #expect(dig(container, "readinessProbe", "httpGet", "path") as? String == "/readyz")
        let arguments = try #require(container["args"] as? [String])
        #expect(arguments.first == "agent")
        #expect(value(after: "--listen", in: arguments)?.hasSuffix(":\(agentPort)") == true)
        #expect(value(after: "--config", in: arguments) == "/etc/regiond/regions.yaml")
        #expect(dig(container, "resources", "requests") != nil && dig(container, "resources", "limits") != nil)
    }

    @Test func configMapHoldsAValidDeploymentWhoseAgentURLsUseTheAgentPort() throws {
        let (config, region) = try configMapDeployment()
        let local = try #require(config.region(RegionName(region)), "the ConfigMap's region '\(region)' is not in its regions.yaml")
        for peer in config.regions {
            #expect(AgentSurface.agentPort(of: peer.name, in: config) == agentPort, "\(peer.name) agent_url")
            for check in peer.healthChecks where check.kind == .http {
                let path = URLComponents(string: check.target)?.path ?? ""
                #expect(AgentSurface.servedPaths.contains(path), "health check \(check.target) probes a path the agent does not serve")
            }
        }
        #expect(local.servesTraffic)
    }

    @Test func secretProvidesEverySecretTheLocalAgentResolves() throws {
        let (config, region) = try configMapDeployment()
        let secret = try #require(documents.kubernetes("Secret").first)
        let keys = Set(((dig(secret.object, "stringData") as? [String: Any]) ?? [:]).keys)
        var needed = [config.region(RegionName(region))?.database, config.security.clusterKey]
        if case .powerDNS(_, _, let apiKey) = config.dns.provider { needed.append(apiKey) }
        for case .environment(let name)? in needed {
            #expect(keys.contains(name), "the Secret lacks \(name), which regions.yaml references with {env: \(name)}")
        }
        let container = try regiondContainer()
        let fromSecret = (container["envFrom"] as? [[String: Any]] ?? []).compactMap { dig($0, "secretRef", "name") as? String }
        #expect(fromSecret.contains(secret.name ?? ""), "the regiond container must load the Secret into its environment")
    }

    @Test func servicesAndServiceMonitorScrapeMetricsOnTheAgentPort() throws {
        let podLabels = labels(dig(try deployment().object, "spec", "template", "metadata", "labels"))
        let monitor = try #require(documents.kubernetes("ServiceMonitor").first)
        let endpoints = try #require(dig(monitor.object, "spec", "endpoints") as? [[String: Any]])
        let wanted = labels(dig(monitor.object, "spec", "selector", "matchLabels"))
        let services = documents.kubernetes("Service").filter { service in
            wanted.allSatisfy { labels(dig(service.object, "metadata", "labels"))[$0.key] == $0.value }
        }
        try #require(services.count == 1, "the ServiceMonitor selects exactly one Service")
        let service = services[0]
        let selector = labels(dig(service.object, "spec", "selector"))
        #expect(selector.allSatisfy { podLabels[$0.key] == $0.value }, "the Service selects the sidecar's pod")
        let servicePorts = try #require(dig(service.object, "spec", "ports") as? [[String: Any]])
        let containerPorts = try #require(try regiondContainer()["ports"] as? [[String: Any]])
        for endpoint in endpoints {
            #expect(endpoint["path"] as? String == "/metrics")
            let port = try #require(servicePorts.first { $0["name"] as? String == endpoint["port"] as? String })
            #expect(resolve(port["targetPort"], in: containerPorts) == agentPort)
        }
        for service in documents.kubernetes("Service") {
            for port in dig(service.object, "spec", "ports") as? [[String: Any]] ?? [] {
                #expect(resolve(port["targetPort"], in: containerPorts) == agentPort, "\(service.name ?? "") targets the agent port")
            }
        }
    }

    @Test func disruptionBudgetCoversTheSidecarPod() throws {
        let podLabels = labels(dig(try deployment().object, "spec", "template", "metadata", "labels"))
        let budget = try #require(documents.kubernetes("PodDisruptionBudget").first)
        let selector = labels(dig(budget.object, "spec", "selector", "matchLabels"))
        #expect(!selector.isEmpty && selector.allSatisfy { podLabels[$0.key] == $0.value })
    }

    @Test func systemdUnitRunsTheAgentForItsInstanceRegion() throws {
        let unit = try RepositoryFiles.text("deploy/systemd/regiond@.service")
        let execStart = try #require(unit.split(separator: "\n").first { $0.hasPrefix("ExecStart=") })
        #expect(execStart.contains("regiond agent --config /etc/regiond/regions.yaml --region %i"))
        for hardening in ["NoNewPrivileges=yes", "ProtectSystem=strict", "PrivateTmp=yes", "CapabilityBoundingSet="] {
            #expect(unit.contains(hardening), "the unit lacks \(hardening)")
        }
    }

    @Test func containerfileBuildsWithSwiftAndRunsOnSlimDebianWithTheSystemLibraries() throws {
        let text = try RepositoryFiles.text("deploy/container/Containerfile")
        let stages = text.split(separator: "\n").filter { $0.hasPrefix("FROM ") }
        #expect(stages.count == 2)
        #expect(stages.first?.contains("swift:6.3") == true)
        #expect(stages.last?.contains("debian:bookworm-slim") == true)
        for library in ["libpq5", "libcurl4", "zlib1g"] { #expect(text.contains(library)) }
        #expect(text.contains("EXPOSE \(agentPort)"))
    }

    @Test func alertRulesAndDashboardUseOnlyDocumentedMetrics() throws {
        let documented = try documentedMetrics()
        let rules = try #require(documents.yaml.first { $0.file == "regiond-alerts.yaml" })
        let groups = try #require(rules.object["groups"] as? [[String: Any]])
        var expressions: [String] = []
        for rule in groups.flatMap({ $0["rules"] as? [[String: Any]] ?? [] }) {
            #expect(rule["alert"] is String && dig(rule, "labels", "severity") is String && dig(rule, "annotations", "summary") is String)
            expressions.append(try #require(rule["expr"] as? String))
        }
        let alerts = Set(groups.flatMap { $0["rules"] as? [[String: Any]] ?? [] }.compactMap { $0["alert"] as? String })
        for required in ["RegiondRegionDown", "RegiondReplicationLagCritical", "RegiondReplicationLagContent", "RegiondReplicationLagLogs",
                         "RegiondResidencyRejection", "RegiondIntegrityDivergence", "RegiondDNSApplyFailing", "RegiondReplicationLaneStalled"] {
            #expect(alerts.contains(required))
        }
        let dashboard = try #require(documents.json.first { $0.file == "regiond-dashboard.json" }?.object)
        for panel in dig(dashboard, "panels") as? [[String: Any]] ?? [] {
            expressions += (panel["targets"] as? [[String: Any]] ?? []).compactMap { $0["expr"] as? String }
        }
        for expression in expressions {
            for metric in Self.metricNames(in: expression) {
                #expect(documented.contains(metric), "\(metric) (in '\(expression)') is not listed in deploy/README.md")
            }
        }
    }

    /// Lag alerts must use each tier's objective from regions.yaml.
    @Test func lagAlertThresholdsMatchTheTierObjectives() throws {
        let rules = try #require(documents.yaml.first { $0.file == "regiond-alerts.yaml" })
        let expressions = (rules.object["groups"] as? [[String: Any]] ?? []).flatMap { $0["rules"] as? [[String: Any]] ?? [] }
            .compactMap { $0["expr"] as? String }
        for (tier, objective) in repositoryConfig.objectives.replicationLag {
            let seconds = objective.components.seconds
            #expect(expressions.contains("max by (peer, tier) (regiond_replication_lag_seconds{tier=\"\(tier)\"}) > \(seconds)"), "tier \(tier)")
        }
    }

    // MARK: Helpers

    private func deployment() throws -> DeployDocuments.Document {
        try #require(documents.kubernetes("Deployment").first)
    }

    private func regiondContainer() throws -> [String: Any] {
        let containers = try #require(dig(try deployment().object, "spec", "template", "spec", "containers") as? [[String: Any]])
        return try #require(containers.first { $0["name"] as? String == "regiond" })
    }

    private func configMapDeployment() throws -> (RegionsConfig, String) {
        let map = try #require(documents.kubernetes("ConfigMap").first)
        let yaml = try #require(dig(map.object, "data", "regions.yaml") as? String)
        let region = try #require(dig(map.object, "data", "region") as? String)
        return (try RegionsConfigLoader.parse(yaml: yaml, file: "configmap.yaml#regions.yaml").config, region)
    }

    /// A port given by number or by the name of a container port.
    private func resolve(_ port: Any?, in containerPorts: [[String: Any]]) -> Int? {
        if let number = port as? Int { return number }
        guard let name = port as? String else { return nil }
        return containerPorts.first { $0["name"] as? String == name }?["containerPort"] as? Int
    }

    private func value(after flag: String, in arguments: [String]) -> String? {
        arguments.firstIndex(of: flag).flatMap { arguments.indices.contains($0 + 1) ? arguments[$0 + 1] : nil }
    }

    /// Metric names in the README's table: lines starting with "| `regiond_...`".
    private func documentedMetrics() throws -> Set<String> {
        let readme = try RepositoryFiles.text("deploy/README.md")
        return Set(readme.split(separator: "\n").filter { $0.hasPrefix("| `regiond_") }.compactMap { line in
            line.split(separator: "`").dropFirst().first.map(String.init)
        })
    }

    static func metricNames(in expression: String) -> Set<String> {
        let names = expression.matches(of: #/regiond_[a-z_]+/#).map { String($0.output) }
        return Set(names.map { name in
            for suffix in ["_bucket", "_sum", "_count"] where name.hasSuffix(suffix) { return String(name.dropLast(suffix.count)) }
            return name
        })
    }
}
