import Foundation
import RegionCore

/// What `regiond agent` serves, which the manifests must refer to exactly.
enum AgentSurface {
    /// The open operations routes of the agent (RegionAgent's `OperationsRoutes`): liveness,
    /// readiness, Prometheus, and the probe target peers use in `health_checks`.
    static let operationsPaths: Set<String> = ["/healthz", "/readyz", "/metrics", "/v1/health"]

    static var servedPaths: Set<String> { operationsPaths.union(PeerEndpoint.allCases.map(\.path)) }

    /// The port of `agent_url` of `region` in `config`.
    static func agentPort(of region: RegionName, in config: RegionsConfig) -> Int? {
        config.region(region).flatMap { URLComponents(string: $0.agentURL)?.port }
    }
}
