import RegionCore

/// The residency policy's routing decision per (origin, row template, peer), asked once.
///
/// Every simulated row of one template has the same table and class-deciding values, so the
/// real `ResidencyPolicy.route` gives the same answer for all of them; asking it once per
/// template keeps the per-write cost low without re-implementing the rule.
struct RouteCache {
    enum Route { case ship, tombstone, block }

    /// Flat, indexed by `(origin × templates + template) × regions + peer`: asked for every
    /// write and every peer, so one array read rather than three nested ones.
    private let routes: [Route]
    private let templateCount: Int
    private let regionCount: Int

    init(regions: [RegionName], catalog: RowCatalog, policy: ResidencyPolicy) {
        templateCount = catalog.templates.count
        regionCount = regions.count
        routes = regions.flatMap { origin in
            catalog.templates.flatMap { template in
                guard let template else { return regions.map { _ in Route.block } }
                let change = RowChange.insert(
                    table: template.table, key: RowKey("template"), version: Version(hlc: .zero, origin: origin), values: template.values)
                let plan = policy.route(change: change, origin: origin, peers: regions)
                return regions.map { peer in
                    switch plan.decision(for: peer)?.action {
                    case .ship?: .ship
                    case .tombstone?: .tombstone
                    case .block?, nil: .block
                    }
                }
            }
        }
    }

    func route(origin: Int, template: Int, peer: Int) -> Route { routes[(origin * templateCount + template) * regionCount + peer] }
}
