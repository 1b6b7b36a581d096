import Metrics

/// Counts refused requests as `regiond_peer_requests_refused_total{reason}`.
///
/// Reasons are the fixed labels of `PeerRequestRefusal.metricLabel`, plus `unknown_route`
/// and `method_not_allowed`; a rising `bad_signature` or `replayed` count is worth an alert.
struct PeerRefusalCounter: Sendable {
    static let label = "regiond_peer_requests_refused_total"

    var factory: any MetricsFactory

    func count(reason: String) {
        Counter(label: Self.label, dimensions: [("reason", reason)], factory: factory).increment()
    }
}
