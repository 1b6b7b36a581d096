import Logging
import Metrics
import RegionAudit
import RegionCore

/// Publishes each table check: metrics (per table and peer), residency-log records (the
/// check's outcome, and every transfer the repair made, with key digests only), and an
/// alarm when rows stay different.
public struct IntegrityReporter: Sendable {
    private let log: ResidencyLog?
    private let metrics: any MetricsFactory
    private let logger: Logger

    /// - Parameter metrics: where the figures go; the agent passes the factory behind `/metrics`.
    public init(log: ResidencyLog?, metrics: any MetricsFactory = MetricsSystem.factory, logger: Logger) {
        self.log = log
        self.metrics = metrics
        self.logger = logger
    }

    /// - Returns: the alarm, when rows remain different after the repair (or without one).
    @discardableResult
    public func report(_ result: TableCheckResult, duration: Duration, bytesExchanged: Int, at time: Timestamp) async throws -> IntegrityAlarm? {
        let dimensions = [("table", result.table), ("peer", result.peer.rawValue)]
        Gauge(label: "regiond_integrity_rows_compared", dimensions: dimensions, factory: metrics).record(result.rowsCompared)
        Gauge(label: "regiond_integrity_blocks_compared", dimensions: dimensions, factory: metrics).record(result.blocksCompared)
        Gauge(label: "regiond_integrity_differing_rows", dimensions: dimensions, factory: metrics).record(result.differing)
        Gauge(label: "regiond_integrity_unrepaired_rows", dimensions: dimensions, factory: metrics).record(result.unrepaired.count)
        Counter(label: "regiond_integrity_repaired_rows_total", dimensions: dimensions, factory: metrics).increment(by: result.repaired)
        Counter(label: "regiond_integrity_bytes_exchanged_total", dimensions: dimensions, factory: metrics).increment(by: bytesExchanged)
        Counter(label: "regiond_integrity_checks_total", dimensions: dimensions, factory: metrics).increment()
        Metrics.Timer(label: "regiond_integrity_check_duration", dimensions: dimensions, factory: metrics).recordNanoseconds(Self.nanoseconds(duration))

        if let log {
            try await log.append(events(result, bytesExchanged: bytesExchanged), at: time)
        }
        guard let first = result.unrepaired.first else { return nil }
        let alarm = IntegrityAlarm(table: result.table, local: result.local, peer: result.peer, rows: result.unrepaired.count, firstReason: first.reason)
        logger.error("integrity alarm", metadata: ["alarm": "\(alarm)"])
        return alarm
    }

    /// Counts a check that did not complete (peer unreachable or refusing), for the alert rules.
    public func recordFailure(table: String, peer: RegionName) {
        Counter(label: "regiond_integrity_check_failures_total", dimensions: [("table", table), ("peer", peer.rawValue)], factory: metrics).increment()
    }

    func events(_ result: TableCheckResult, bytesExchanged: Int) -> [AuditEvent] {
        var events = [AuditEvent(
            kind: .integrity, table: result.table, residencyClass: nil, from: result.local, to: result.peer,
            rowKeys: result.differingKeys, bytes: bytesExchanged,
            detail: "compared=\(result.rowsCompared) blocks=\(result.blocksCompared) differing=\(result.differing) repaired=\(result.repaired) unrepaired=\(result.unrepaired.count) in-flight=\(result.inFlight)")]
        if !result.shippedToPeer.isEmpty {
            events.append(AuditEvent(
                kind: .transfer, table: result.table, residencyClass: nil, from: result.local, to: result.peer,
                rowKeys: result.shippedToPeer, bytes: 0, detail: "integrity repair"))
        }
        if !result.shippedToLocal.isEmpty {
            events.append(AuditEvent(
                kind: .transfer, table: result.table, residencyClass: nil, from: result.peer, to: result.local,
                rowKeys: result.shippedToLocal, bytes: 0, detail: "integrity repair"))
        }
        return events
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
