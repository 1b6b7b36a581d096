/// The event that led to a re-plan, rendered into the `applyDNS` reason (and so into the
/// audit log) only when a write actually happens: the agent re-plans after every event, and
/// most re-plans change nothing.
enum ReplanCause: Sendable, Equatable, CustomStringConvertible {
    case timePassed
    case probe(RegionName)
    case gossip(from: RegionName)
    case replicationLag(RegionName)
    case drain(RegionName, drained: Bool)
    case publishCompleted
    case publishFailed
    case viewChanged(ViewChange)
    case failback([RegionName])
    indirect case tookOverAsCoordinator(after: ReplanCause)

    var description: String {
        switch self {
        case .timePassed: "re-plan"
        case .probe(let target): "health of \(target)"
        case .gossip(let peer): "observations from \(peer)"
        case .replicationLag(let region): "replication lag of \(region)"
        case .drain(let region, let drained): drained ? "drain \(region)" : "undrain \(region)"
        case .publishCompleted: "desired state changed while publishing"
        case .publishFailed: "retry"
        case .viewChanged(let change):
            "view changed: " + (change.down.map { "\($0) down" } + change.up.map { "\($0) up" }).joined(separator: ", ")
        case .failback(let regions): "failback: " + regions.map(\.rawValue).joined(separator: ", ") + " caught up"
        case .tookOverAsCoordinator(let cause): "took over as coordinator; \(cause)"
        }
    }
}
