import Logging
import RegionAudit
import RegionCore

/// Writes replication's residency decisions to the region's residency log, one record per
/// kind, table, class, source and destination of a batch rather than one per row: the
/// record's key digest still proves which rows moved, and the log stays small at thousands
/// of rows a second.
///
/// A failed append is logged as an error and rethrown: losing audit records silently would
/// make the log lie, so callers must not acknowledge or advance past what was not recorded.
public struct ResidencyAuditTrail: Sendable {
    private let log: ResidencyLog
    private let logger: Logger

    public init(log: ResidencyLog, logger: Logger) {
        self.log = log
        self.logger = logger
    }

    public func record(_ decisions: [ResidencyDecisionEvent], at time: Timestamp) async throws {
        try await append(Self.events(for: decisions, bytes: 0), at: time)
    }

    /// Appends records already grouped with `events(for:bytes:)`, e.g. several batches'
    /// transfers, each carrying its own batch's size.
    public func append(_ events: [AuditEvent], at time: Timestamp) async throws {
        guard !events.isEmpty else { return }
        do {
            _ = try await log.append(events, at: time)
        } catch {
            logger.error("could not write the residency log", metadata: ["error": "\(error)", "records": "\(events.count)"])
            throw error
        }
    }

    /// Groups decisions into records; `bytes` (the batch's size on the wire) is shared out
    /// by row count.
    static func events(for decisions: [ResidencyDecisionEvent], bytes: Int) -> [AuditEvent] {
        struct Group: Hashable {
            var kind: ResidencyDecisionEvent.Kind
            var table: String
            var className: String?
            var from: RegionName
            var to: RegionName
            var detail: String?
        }
        var keysByGroup: [Group: [String]] = [:]
        var order: [Group] = []
        for decision in decisions {
            let group = Group(
                kind: decision.kind, table: decision.table, className: decision.className,
                from: decision.from, to: decision.to, detail: detail(of: decision))
            if keysByGroup[group] == nil { order.append(group) }
            keysByGroup[group, default: []].append(decision.key.canonical)
        }
        let total = max(decisions.count, 1)
        return order.map { group in
            let keys = keysByGroup[group] ?? []
            return AuditEvent(
                kind: AuditEventKind(rawValue: group.kind.rawValue), table: group.table, residencyClass: group.className,
                from: group.from, to: group.to, rowKeys: keys, bytes: bytes * keys.count / total, detail: group.detail)
        }
    }

    /// Why a row was blocked or rejected; for a transfer, `tombstone` when only the key
    /// moved, so an auditor can tell a deletion reaching a region from data reaching it.
    static func detail(of decision: ResidencyDecisionEvent) -> String? {
        decision.reason ?? (decision.payload == .tombstone ? "tombstone" : nil)
    }
}
