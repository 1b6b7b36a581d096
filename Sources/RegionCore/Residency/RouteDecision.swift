/// What the sender does with one change for one peer region.
public struct RouteDecision: Hashable, Sendable {
    public var destination: RegionName
    public var action: RouteAction
    /// The audit facts of this decision (a transfer or a block).
    public var event: ResidencyDecisionEvent

    public init(destination: RegionName, action: RouteAction, event: ResidencyDecisionEvent) {
        self.destination = destination
        self.action = action
        self.event = event
    }
}

public enum RouteAction: Hashable, Sendable {
    /// Send the whole row: the destination may hold its (new) class.
    case ship(VersionedRow)
    /// Send a key-only tombstone: the row was deleted, or its new class forbids a region
    /// that may hold it under its old class, so it must be deleted there.
    case tombstone(VersionedRow)
    /// Send nothing: the destination may not hold the row and never could.
    case block(BlockReason)

    /// The row to enqueue for the peer, or `nil` when blocked.
    public var outboundRow: VersionedRow? {
        switch self {
        case .ship(let row), .tombstone(let row): row
        case .block: nil
        }
    }
}

/// Why a change was not sent to a region.
public enum BlockReason: Hashable, Sendable, CustomStringConvertible {
    /// The row's class does not allow the destination.
    case classForbids(className: String)
    /// The row has no class, so it stays in its origin region.
    case unclassified(UnclassifiedReason)

    public var description: String {
        switch self {
        case .classForbids(let className): "class \(className) may not be stored there"
        case .unclassified(let reason): "no residency class: \(reason)"
        }
    }
}

/// The per-peer decisions for one change, plus the facts the shells need around them.
public struct RoutingPlan: Hashable, Sendable {
    public var change: RowChange
    public var origin: RegionName
    /// Class of the row after the change (for deletes: of the deleted row).
    public var classification: ResidencyClassification
    /// One decision per peer, in the order the peers were given.
    public var decisions: [RouteDecision]
    /// True when the origin itself may not hold the row's new class (the application wrote
    /// it in the wrong region); the row is still routed by its class, and the shell reports
    /// the violation.
    public var originViolation: Bool

    public init(
        change: RowChange, origin: RegionName, classification: ResidencyClassification,
        decisions: [RouteDecision], originViolation: Bool
    ) {
        self.change = change
        self.origin = origin
        self.classification = classification
        self.decisions = decisions
        self.originViolation = originViolation
    }

    public func decision(for region: RegionName) -> RouteDecision? { decisions.first { $0.destination == region } }

    public var events: [ResidencyDecisionEvent] { decisions.map(\.event) }
}
