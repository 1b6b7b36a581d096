import Metrics
import RegionCore

/// Every metric replication exports, through swift-metrics (the agent bootstraps the
/// Prometheus backend; tests and benchmarks pass their own factory).
///
/// Sender side (the region whose changes are shipped), labelled `peer` and `tier`:
/// - `regiond_replication_lag_seconds` (gauge): age of the oldest change not yet
///   acknowledged by the peer, 0 when caught up. Compare with the tier's `max_lag`.
/// - `regiond_replication_backlog_rows{peer}` (gauge): changes queued or in flight for the
///   peer over all tiers; a peer that is down makes it grow.
/// - `regiond_replication_backlog_alarm{peer,tier}` (gauge, 0/1): 1 while the backlog is
///   over `replication.backlog_limit` or the lag over the tier's objective.
/// - `regiond_replication_batches_total{peer,tier,outcome}` (counter): `acknowledged`,
///   `failed` (unreachable or refused; it will be retried).
/// - `regiond_replication_batches_rejected_by_peer_total{peer,tier,reason}` (counter): batches
///   the peer refused with a 4xx (validation, residency, incompatible version). A lane
///   resends the same batch until it is accepted, so such a refusal stalls the lane: it
///   needs an operator (fix regions.yaml or upgrade), not patience.
/// - `regiond_replication_lane_stalled{peer,tier}` (gauge, 0/1): 1 from a peer's 4xx
///   refusal of the lane's batch until the lane's next acknowledged batch.
/// - `regiond_replication_rows_shipped_total{peer,tier}` (counter): rows acknowledged.
/// - `regiond_replication_wire_bytes_total{peer,tier}` and
///   `regiond_replication_json_bytes_total{peer,tier}` (counters): bytes sent, and their
///   size before compression; their ratio is the compression ratio.
/// - `regiond_replication_blocked_rows_total{peer,tier}` (counter): rows residency kept back.
/// - `regiond_replication_origin_violations_total{table}` (counter): rows written in a
///   region their class does not allow (an application bug regiond can only report).
///
/// Receiver side, labelled `origin` and `tier`:
/// - `regiond_replication_apply_lag_seconds` (timer): per row, from the origin's commit
///   (the version's physical time) to the commit of the apply here.
/// - `regiond_replication_rows_applied_total` / `..._rows_stale_total` /
///   `..._rows_rejected_total` (counters): rows written, skipped as not newer, refused by residency.
/// - `regiond_replication_conflicts_total` (counter): rows skipped because a newer write
///   from another region was already here: writes last-write-wins discarded.
/// - `regiond_replication_batches_refused_total{origin,reason}` (counter): malformed batches
///   answered 400 with nothing applied.
public struct ReplicationMetrics: Sendable {
    public static let lag = "regiond_replication_lag_seconds"
    public static let backlogRows = "regiond_replication_backlog_rows"
    public static let backlogAlarm = "regiond_replication_backlog_alarm"
    public static let batches = "regiond_replication_batches_total"
    public static let rowsShipped = "regiond_replication_rows_shipped_total"
    public static let batchesRejectedByPeer = "regiond_replication_batches_rejected_by_peer_total"
    public static let laneStalled = "regiond_replication_lane_stalled"
    public static let wireBytes = "regiond_replication_wire_bytes_total"
    public static let jsonBytes = "regiond_replication_json_bytes_total"
    public static let blockedRows = "regiond_replication_blocked_rows_total"
    public static let originViolations = "regiond_replication_origin_violations_total"
    public static let applyLag = "regiond_replication_apply_lag_seconds"
    public static let rowsApplied = "regiond_replication_rows_applied_total"
    public static let rowsStale = "regiond_replication_rows_stale_total"
    public static let rowsRejected = "regiond_replication_rows_rejected_total"
    public static let conflicts = "regiond_replication_conflicts_total"
    public static let batchesRefused = "regiond_replication_batches_refused_total"

    private let factory: any MetricsFactory

    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        self.factory = factory
    }

    // MARK: Sender

    func lag(_ lag: Duration, peer: RegionName, tier: String) {
        Gauge(label: Self.lag, dimensions: [("peer", peer.rawValue), ("tier", tier)], factory: factory).record(lag.seconds)
    }

    func backlog(_ rows: Int, peer: RegionName) {
        Gauge(label: Self.backlogRows, dimensions: [("peer", peer.rawValue)], factory: factory).record(rows)
    }

    func alarm(_ raised: Bool, peer: RegionName, tier: String) {
        Gauge(label: Self.backlogAlarm, dimensions: [("peer", peer.rawValue), ("tier", tier)], factory: factory).record(raised ? 1 : 0)
    }

    func batch(_ outcome: String, peer: RegionName, tier: String) {
        counter(Self.batches, [("peer", peer.rawValue), ("tier", tier), ("outcome", outcome)]).increment()
    }

    /// A 4xx refusal: counted, and the lane marked stalled until an acknowledgement.
    func rejectedByPeer(reason: String, peer: RegionName, tier: String) {
        counter(Self.batchesRejectedByPeer, [("peer", peer.rawValue), ("tier", tier), ("reason", reason)]).increment()
        stalled(true, peer: peer, tier: tier)
    }

    func stalled(_ stalled: Bool, peer: RegionName, tier: String) {
        Gauge(label: Self.laneStalled, dimensions: [("peer", peer.rawValue), ("tier", tier)], factory: factory).record(stalled ? 1 : 0)
    }

    func shipped(rows: Int, wireBytes: Int, jsonBytes: Int, peer: RegionName, tier: String) {
        let dimensions = [("peer", peer.rawValue), ("tier", tier)]
        counter(Self.rowsShipped, dimensions).increment(by: rows)
        counter(Self.wireBytes, dimensions).increment(by: wireBytes)
        counter(Self.jsonBytes, dimensions).increment(by: jsonBytes)
    }

    func blocked(peer: RegionName, tier: String) {
        counter(Self.blockedRows, [("peer", peer.rawValue), ("tier", tier)]).increment()
    }

    func originViolation(table: String) {
        counter(Self.originViolations, [("table", table)]).increment()
    }

    // MARK: Receiver

    func applied(lags: [Duration], applied: Int, stale: Int, conflicts: Int, rejected: Int, origin: RegionName, tier: String) {
        let dimensions = [("origin", origin.rawValue), ("tier", tier)]
        let timer = Timer(label: Self.applyLag, dimensions: dimensions, factory: factory)
        for lag in lags { timer.recordNanoseconds(max(0, lag.milliseconds) * 1_000_000) }
        counter(Self.rowsApplied, dimensions).increment(by: applied)
        counter(Self.rowsStale, dimensions).increment(by: stale)
        counter(Self.conflicts, dimensions).increment(by: conflicts)
        counter(Self.rowsRejected, dimensions).increment(by: rejected)
    }

    func refusedBatch(reason: String, origin: RegionName?) {
        counter(Self.batchesRefused, [("origin", origin?.rawValue ?? "unknown"), ("reason", reason)]).increment()
    }

    private func counter(_ label: String, _ dimensions: [(String, String)]) -> Counter {
        Counter(label: label, dimensions: dimensions, factory: factory)
    }
}
