import Logging
import Metrics
import RegionAudit
import RegionCore
import RegionIntegrity

/// The agent's local clean-up on its schedule: retention purges (each batch recorded in the
/// residency log by `RetentionPurger`), then tombstones every peer acknowledged whose grace
/// passed. Both only delete in this region and run on an isolated agent too.
struct MaintenanceJob: Sendable {
    let retention: RetentionPurger
    let tombstones: TombstonePurger
    let region: RegionName
    let log: ResidencyLog?
    let metrics: any MetricsFactory
    let clock: any AgentClock
    let logger: Logger

    func run() async {
        do {
            for purge in try await retention.purge(now: clock.now()) {
                Counter(
                    label: "regiond_retention_purged_rows_total",
                    dimensions: [("table", purge.table), ("class", purge.className ?? "any")], factory: metrics
                ).increment(by: purge.rows)
            }
        } catch {
            Counter(label: "regiond_maintenance_failures_total", dimensions: [("job", "retention")], factory: metrics).increment()
            logger.error("retention purge failed; it runs again next interval", metadata: ["error": "\(error)"])
        }
        do {
            let now = clock.now()
            let purged = try await tombstones.purge(now: now)
            Counter(label: "regiond_tombstones_purged_total", factory: metrics).increment(by: purged)
            if purged > 0 {
                try await log?.append(AuditEvent(
                    kind: .retentionPurge, from: region, rows: purged,
                    detail: "\(purged) tombstone(s) forgotten: every peer acknowledged them and the grace period passed"), at: now)
            }
        } catch {
            Counter(label: "regiond_maintenance_failures_total", dimensions: [("job", "tombstones")], factory: metrics).increment()
            logger.error("tombstone purge failed; it runs again next interval", metadata: ["error": "\(error)"])
        }
    }
}
