import Logging
import Metrics
import Prometheus

/// How the agent's log lines are written.
public enum AgentLogFormat: String, Sendable, CaseIterable {
    case text, json
}

/// Process-wide setup of `regiond agent`, done once before anything logs or records a metric.
public enum AgentProcess {
    /// Bootstraps swift-log in `format` and swift-metrics with a Prometheus registry, and
    /// returns that registry for `/metrics`: every component's metrics (replication,
    /// residency, integrity, peer refusals) land in it.
    public static func bootstrap(logFormat: AgentLogFormat, level: Logger.Level = .info) -> PrometheusCollectorRegistry {
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler = logFormat == .json
                ? JSONLogHandler(label: label) : StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }
}
