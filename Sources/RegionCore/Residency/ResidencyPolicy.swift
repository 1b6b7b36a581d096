/// Decides where rows may be stored, from the residency section of regions.yaml.
///
/// Used on both sides of every transfer: the sender routes each captured change per peer
/// (`route`), the receiver re-checks each incoming row (`admits`). Both fail closed: a row
/// without a determinable class goes nowhere but its origin region.
public struct ResidencyPolicy: Sendable {
    private let allowedRegionsByClass: [String: Set<RegionName>]
    private let rulesByTable: [String: TableRule]

    public init(_ residency: ResidencyConfig) {
        allowedRegionsByClass = Dictionary(
            residency.classes.map { ($0.name, $0.allowedRegions) }, uniquingKeysWith: { first, _ in first })
        rulesByTable = residency.tables.mapValues(TableRule.init)
    }

    public init(config: RegionsConfig) { self.init(config.residency) }

    // MARK: Classification

    /// The residency class of a row of `table`. `row` may be `nil` for tables with a fixed
    /// class; column rules need it.
    public func classify(table: String, row: RowValues?) -> ResidencyClassification {
        guard let rule = rulesByTable[table] else { return .undetermined(.noRule(table: table)) }
        let className: String
        switch rule {
        case .fixed(let fixed):
            className = fixed
        case .byColumn(let columnRule):
            guard let row else { return .undetermined(.noRowImage(table: table)) }
            switch columnRule.className(in: row) {
            case .success(let name): className = name
            case .failure(let failure): return .undetermined(failure.reason(table: table, column: columnRule.column))
            }
        }
        guard allowedRegionsByClass[className] != nil else {
            return .undetermined(.unknownClass(table: table, className: className))
        }
        return .classified(className)
    }

    /// Whether rows of class `className` may be stored in `region`; `false` for an unknown class.
    public func allows(className: String, region: RegionName) -> Bool {
        allowedRegionsByClass[className]?.contains(region) ?? false
    }

    /// Whether a row so classified may be stored in `region`; never for an undetermined class.
    public func allows(_ classification: ResidencyClassification, region: RegionName) -> Bool {
        classification.className.map { allows(className: $0, region: region) } ?? false
    }

    // MARK: Sender side

    /// Decides, for each peer, whether a change ships whole, travels as a tombstone, or is
    /// blocked.
    ///
    /// Inserts and updates ship whole to every peer the new row's class allows (a row that
    /// becomes allowed somewhere arrives complete, not as a partial update). For updates the
    /// old row tells where the row may already be held: a peer the old class allowed but the
    /// new class forbids receives a tombstone, so the row is deleted there. Deletes send
    /// tombstones where the deleted row's class allowed it; elsewhere it never was.
    public func route(change: RowChange, origin: RegionName, peers: [RegionName]) -> RoutingPlan {
        let oldClass = change.operation == .insert ? nil : classify(table: change.table, row: change.old)
        let newClass = change.operation == .delete ? nil : classify(table: change.table, row: change.new)
        let governing = newClass ?? oldClass ?? .undetermined(.noRowImage(table: change.table))
        let decisions = peers.filter { $0 != origin }.map { peer in
            decide(change: change, origin: origin, peer: peer, oldClass: oldClass, newClass: newClass)
        }
        let originViolation = newClass.map { $0.className != nil && !allows($0, region: origin) } ?? false
        return RoutingPlan(
            change: change, origin: origin, classification: governing, decisions: decisions,
            originViolation: originViolation)
    }

    private func decide(
        change: RowChange, origin: RegionName, peer: RegionName,
        oldClass: ResidencyClassification?, newClass: ResidencyClassification?
    ) -> RouteDecision {
        func event(_ kind: ResidencyDecisionEvent.Kind, _ payload: ResidencyDecisionEvent.Payload,
                   _ classification: ResidencyClassification?, reason: BlockReason? = nil) -> ResidencyDecisionEvent {
            ResidencyDecisionEvent(
                kind: kind, payload: payload, table: change.table, key: change.key,
                className: classification?.className, from: origin, to: peer, reason: reason?.description)
        }
        let heldThereBefore = oldClass.map { allows($0, region: peer) } ?? false
        guard let newClass else {
            if heldThereBefore {
                return RouteDecision(destination: peer, action: .tombstone(change.tombstone), event: event(.transfer, .tombstone, oldClass))
            }
            let reason = blockReason(oldClass ?? .undetermined(.noRowImage(table: change.table)))
            return RouteDecision(destination: peer, action: .block(reason), event: event(.blocked, .tombstone, oldClass, reason: reason))
        }
        if allows(newClass, region: peer) {
            return RouteDecision(destination: peer, action: .ship(change.newRow), event: event(.transfer, .row, newClass))
        }
        if heldThereBefore {
            return RouteDecision(destination: peer, action: .tombstone(change.tombstone), event: event(.transfer, .tombstone, newClass))
        }
        let reason = blockReason(newClass)
        return RouteDecision(destination: peer, action: .block(reason), event: event(.blocked, .row, newClass, reason: reason))
    }

    private func blockReason(_ classification: ResidencyClassification) -> BlockReason {
        switch classification {
        case .classified(let name): .classForbids(className: name)
        case .undetermined(let reason): .unclassified(reason)
        }
    }

    // MARK: Receiver side

    /// Whether `region` may store an incoming row that `sender` declared to be of class
    /// `declared`: defence in depth against a sender with different rules or a bug.
    ///
    /// Tombstones are always admitted: they carry no row values and only ever remove data.
    /// A data row is admitted only when this region's own classification agrees with the
    /// declared class and allows the region.
    public func admits(row: VersionedRow, class declared: String?, at region: RegionName, from sender: RegionName) -> Admission {
        guard let values = row.values else { return .admitted }
        let computed = classify(table: row.table, row: values)
        let reason: RejectReason
        switch computed {
        case .undetermined(let unclassified):
            reason = .unclassified(unclassified)
        case .classified(let name) where name != declared:
            reason = .classMismatch(declared: declared, computed: name)
        case .classified(let name) where !allows(className: name, region: region):
            reason = .classForbids(className: name)
        case .classified:
            return .admitted
        }
        let event = ResidencyDecisionEvent(
            kind: .rejected, payload: .row, table: row.table, key: row.key,
            className: computed.className ?? declared, from: sender, to: region, reason: reason.description)
        return .rejected(reason, event: event)
    }
}
