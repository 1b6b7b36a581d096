import Prometheus
import RegionCore

/// The open endpoints SREs, load balancers, Kubernetes and Prometheus use. None of them
/// reveals personal data or changes anything.
///
/// - `GET /healthz`: 200 while the process serves requests (liveness).
/// - `GET /readyz`: 200 once the database answers, the config is loaded and the agent has
///   heard a majority of the view at least once; 503 with the missing condition otherwise.
/// - `GET /v1/health`: what peers probe (regions.yaml `health_checks`): 200 while this agent
///   runs and its database answers.
/// - `GET /metrics`: Prometheus text format.
/// - `GET /v1/status`: `AgentStatus` as JSON.
enum OperationsRoutes {
    static func make(
        runtime: AgentRuntime, database: (any HealthCheck)?, registry: PrometheusCollectorRegistry, clock: any AgentClock
    ) -> [PeerRoute] {
        [
            PeerRoute(method: "GET", path: "/healthz", access: .open) { _ in .text("ok\n") },
            PeerRoute(method: "GET", path: "/readyz", access: .open) { _ in
                if let database {
                    do throws(HealthCheckFailure) {
                        _ = try await database.run()
                    } catch {
                        return .text("not ready: database does not answer (\(error))\n", status: 503)
                    }
                }
                guard await runtime.hasFormedView else {
                    return .text("not ready: no majority of the quorum view heard yet\n", status: 503)
                }
                return .text("ready\n")
            },
            PeerRoute(method: "GET", path: "/v1/health", access: .open) { _ in
                guard let database else { return .text("ok\n") }
                do throws(HealthCheckFailure) {
                    _ = try await database.run()
                    return .text("ok\n")
                } catch {
                    return .text("unhealthy: \(error)\n", status: 503)
                }
            },
            PeerRoute(method: "GET", path: "/metrics", access: .open) { _ in
                PeerReply(status: 200, body: registry.emitToBuffer(), contentType: "text/plain; version=0.0.4; charset=utf-8")
            },
            PeerRoute(method: "GET", path: PeerEndpoint.status.path, access: .open) { _ in
                .json(AgentStatus(core: await runtime.core, now: clock.now()))
            },
        ]
    }
}
