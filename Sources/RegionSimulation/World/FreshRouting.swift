/// Where the fresh rows of each template go, per replication link (origin, peer, tier, in
/// `SimulationRun.link` order) and per origin: answers of the residency routing and the
/// receivers' re-check, worked out once per run so a load step only reads arrays.
struct FreshRouting {
    /// Per link, in template order: the templates of its tier the origin ships to the peer.
    let shippedTemplates: [[Int]]
    /// Per link, in template order: shipped templates whose rows the peer also admits.
    let deliveredTemplates: [[Int]]
    /// Per link: shipped templates whose rows the peer's re-check refuses.
    let refusedTemplates: [[Int]]
    /// Per link: whether `refusedTemplates` names any (rarely: the routing and the re-check
    /// follow the same policy), read without touching the nested array.
    let refuses: [Bool]
    /// Per origin and template (`origin * templates + template`): peers the routing blocks.
    private let blocking: [Int]
    private let templateCount: Int

    init(regions: Int, tiers: Int, catalog: RowCatalog, routes: RouteCache, admissions: AdmissionCache) {
        templateCount = catalog.templates.count
        var shipped: [[Int]] = []
        var delivered: [[Int]] = []
        var refused: [[Int]] = []
        for origin in 0..<regions {
            for peer in 0..<regions {
                for tier in 0..<tiers {
                    let ofTier = stride(from: tier, to: catalog.templates.count, by: max(1, tiers)).filter { template in
                        peer != origin && catalog.rowBytes[template] != nil && routes.route(origin: origin, template: template, peer: peer) != .block
                    }
                    shipped.append(ofTier)
                    delivered.append(ofTier.filter { admissions.admits(receiver: peer, template: $0, sender: origin) })
                    refused.append(ofTier.filter { !admissions.admits(receiver: peer, template: $0, sender: origin) })
                }
            }
        }
        shippedTemplates = shipped
        deliveredTemplates = delivered
        refusedTemplates = refused
        refuses = refused.map { !$0.isEmpty }
        blocking = (0..<regions).flatMap { origin in
            catalog.templates.indices.map { template in
                (0..<regions).count { peer in peer != origin && routes.route(origin: origin, template: template, peer: peer) == .block }
            }
        }
    }

    func blockingPeers(origin: Int, template: Int) -> Int { blocking[origin * templateCount + template] }
}
