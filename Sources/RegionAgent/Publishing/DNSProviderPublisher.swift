import Logging
import Metrics
import RegionAudit
import RegionCore
import RegionDNS

/// Publishes the coordinator's desired DNS state through the configured provider, one
/// attempt per call, and records every change the provider actually made in the residency
/// log as a `dns-change` record with the core's reason.
///
/// Retrying is deliberately not done here (no `RetryingDNSPublisher`): `AgentCore` tracks
/// failures, backs off with jitter and re-emits the write, so there is exactly one retry
/// policy and the simulator exercises it.
///
/// Metrics: `regiond_dns_changes_total` (applies that changed records),
/// `regiond_dns_apply_failures_total`, `regiond_audit_append_failures_total`.
public struct DNSProviderPublisher: DNSPublishing {
    private let provider: any DNSProvider
    private let log: ResidencyLog?
    private let clock: any AgentClock
    private let logger: Logger
    private let metrics: any MetricsFactory

    public init(
        provider: any DNSProvider, log: ResidencyLog?, clock: any AgentClock, logger: Logger,
        metrics: any MetricsFactory = MetricsSystem.factory
    ) {
        self.provider = provider
        self.log = log
        self.clock = clock
        self.logger = logger
        self.metrics = metrics
    }

    public func publish(_ state: DesiredDNSState, reason: String) async throws {
        let report: DNSApplyReport
        do {
            report = try await provider.apply(state)
        } catch {
            Counter(label: "regiond_dns_apply_failures_total", factory: metrics).increment()
            throw error
        }
        guard report.changedAnything else { return }
        Counter(label: "regiond_dns_changes_total", factory: metrics).increment()
        logger.notice("DNS changed", metadata: [
            "provider": "\(provider.name)", "reason": "\(reason)", "changes": "\(report.changes.count)",
        ])
        let event = AuditEvent(kind: .dnsChange, rows: report.changes.count, detail: "\(provider.name): \(reason)")
        do {
            try await log?.append(event, at: clock.now())
        } catch {
            // The provider serves the change already: reporting failure would make the core
            // retry a write that changes nothing. The missing record is raised loudly instead.
            Counter(label: "regiond_audit_append_failures_total", factory: metrics).increment()
            logger.error("DNS change not recorded in the residency log", metadata: ["reason": "\(error)"])
        }
    }
}
