import RegionCore

/// The DNS provider and the resolvers in front of users.
extension SimulationRun {
    /// Round trip from an agent to the provider's API.
    static let providerRoundTripMilliseconds: Int64 = 80

    mutating func applyDNS(_ state: DesiredDNSState, reason: String, by region: Int) {
        let answerAt = now + Self.providerRoundTripMilliseconds
        if provider.isInOutage(at: now) {
            queue.schedule(.dnsAnswered(coordinator: region, state, failure: "DNS provider unavailable"), at: answerAt)
            return
        }
        recorder.dnsAccepted(now, by: regions[region], reason: reason)
        queue.schedule(.dnsAnswered(coordinator: region, state, failure: nil), at: answerAt)
        queue.schedule(.dnsPropagated(state), at: now + provider.applyDelayMilliseconds)
    }

    mutating func dnsAnswered(_ region: Int, _ state: DesiredDNSState, failure: String?) {
        guard network.isUp(region) else { return }
        if let failure {
            drive(region) { agent, time in agent.dnsApplyFailed(reason: failure, now: time) }
        } else {
            drive(region) { agent, time in agent.dnsApplySucceeded(state, now: time) }
        }
    }

    mutating func dnsPropagated(_ state: DesiredDNSState) {
        let before = provider.served
        guard state != before else { return }
        let ttl = max(1, config.service.ttl.milliseconds)
        for geo in resolvers.indices {
            resolvers[geo].cacheJustBeforeChange(servedUntilNow: provider)
            writeMixesAreStale = true
            worstCaseExpiry[geo] = now - 1 + ttl
            queue.schedule(.resolverRefresh(geo: geo, resolver: resolvers[geo].worstCaseResolver), at: now - 1 + ttl)
        }
        guard provider.publish(state) else { return }
        let lags = Dictionary(uniqueKeysWithValues: regions.map { ($0.rawValue, strictestTierLag(of: $0.rawValue)) })
        recorder.dnsPublished(now, state: state, previous: before, drained: drained) { region in lags[region] ?? 0 }
    }

    /// A resolver's cached answer expired: it asks again and caches for the TTL.
    /// The worst-case resolver refreshes only when its answer from just before the latest
    /// change expires; it then holds the served answer until the next change.
    mutating func resolverRefresh(_ geo: Int, _ resolver: Int) {
        let worstCase = resolver == resolvers[geo].worstCaseResolver
        if worstCase, worstCaseExpiry[geo] != now { return }
        if resolvers[geo].refresh(resolver: resolver, from: provider) { writeMixesAreStale = true }
        recorder.resolversChanged(now, resolvers: resolvers)
        if !finished, !worstCase {
            queue.schedule(.resolverRefresh(geo: geo, resolver: resolver), at: now + max(1, config.service.ttl.milliseconds))
        }
    }

    /// Catch-up lag of `region` on the tier with the tightest objective, in seconds.
    func strictestTierLag(of region: String) -> Double {
        guard let index = indexOf[RegionName(region)],
            let strictest = config.tiers.min(by: { $0.maxLag < $1.maxLag })
        else { return 0 }
        return catchUpLag(of: index)[strictest.name]?.seconds ?? 0
    }
}
