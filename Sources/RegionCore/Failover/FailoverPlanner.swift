/// Computes the desired DNS state from the deployment, the agreed view, manual drains and the
/// replication catch-up of recovering regions.
///
/// Per geo, the answer is the geo's preference list minus regions that are down, drained or
/// still catching up, in preference order, carrying the geo's weights when it has some (an
/// unweighted geo gives the first region 100 and the rest 0, meaning fallback only). When a
/// geo's whole preference list is unavailable it is served by any available serving region
/// in config order (far away beats nowhere), then by a region still catching up (stale beats
/// nowhere), and when nothing is left it keeps its last answer: an empty answer would take the
/// service off the internet, and the planner raises `geosWithoutAvailableRegion`.
///
/// The small state it keeps (regions awaiting catch-up, their reported lag, the last answer)
/// is what makes failback wait for data; the computation itself is deterministic.
public struct FailoverPlanner: Sendable, Equatable {
    public let config: RegionsConfig
    public private(set) var catchUp = ReplicationCatchUp()
    /// Serving regions that left the view and have not been allowed back into DNS yet, with
    /// the time they left: only lag measured after it counts.
    public private(set) var awaitingCatchUp: [RegionName: Timestamp] = [:]
    /// The state returned by the last `plan` call.
    public private(set) var lastState: DesiredDNSState?
    private var previousView: [RegionName]
    private var previousDrained: Set<RegionName> = []
    /// Serving regions in config order.
    private let serving: [RegionName]
    /// The last answers and the regions they were computed from: they only depend on which
    /// regions are ready and which are catching up, so an unchanged pair reuses them (the
    /// agent re-plans after every event).
    private var memo: Memo?
    /// The last plan returned while some region awaited catch-up. While the view and drains
    /// stay the same and every awaiting region is still out of the view (the outage goes
    /// on), nothing the plan depends on can change, so it is returned again.
    private var planWhileAwaiting: FailoverPlan?

    private struct Memo: Sendable, Equatable {
        var ready: [RegionName]
        var catchingUp: [RegionName]
        var state: DesiredDNSState
        var unserved: [String]
    }

    public init(config: RegionsConfig) {
        self.config = config
        self.previousView = config.voterNames
        self.serving = config.servingRegions.map(\.name)
    }

    /// Records a region's replication lag per tier name (what failback waits on).
    public mutating func recordLag(region: RegionName, lagByTier: [String: Duration], measuredAt: Timestamp) {
        catchUp.report(region: region, lagByTier: lagByTier, measuredAt: measuredAt)
    }

    /// Keeps `region` out of DNS until lag measured at or after `since` shows it caught up,
    /// as if it had left the view then. For an agent that learns from a peer that a region
    /// is still catching up (see `ObservationGossip.awaitingCatchUp`); a region already
    /// awaiting keeps its earlier time, and a region that does not serve is ignored.
    public mutating func awaitCatchUp(of region: RegionName, since: Timestamp) {
        guard serving.contains(region), awaitingCatchUp[region] == nil else { return }
        awaitingCatchUp[region] = since
        planWhileAwaiting = nil
    }

    /// Plans DNS for the agreed `view` and the drained regions at `now`, remembering when
    /// regions left the view so that they return only after catching up.
    public mutating func plan(view: [RegionName], drained: Set<RegionName>, now: Timestamp) -> FailoverPlan {
        if view == previousView, drained == previousDrained {
            if awaitingCatchUp.isEmpty, let memo {
                return FailoverPlan(state: memo.state, geosWithoutAvailableRegion: memo.unserved)
            }
            if let planWhileAwaiting, !awaitingCatchUp.keys.contains(where: view.contains) { return planWhileAwaiting }
        }
        previousDrained = drained
        if view != previousView {
            for region in previousView where !view.contains(region) && serving.contains(region) && awaitingCatchUp[region] == nil {
                awaitingCatchUp[region] = now
            }
            previousView = view
        }
        if !awaitingCatchUp.isEmpty {
            awaitingCatchUp = awaitingCatchUp.filter { region, leftAt in
                !view.contains(region) || !catchUp.isCaughtUp(region, tiers: config.tiers, since: leftAt)
            }
        }

        let available = serving.filter { view.contains($0) && !drained.contains($0) }
        let ready = available.filter { awaitingCatchUp[$0] == nil }
        let catchingUp = available.filter { awaitingCatchUp[$0] != nil }
        let answers = memo.flatMap { $0.ready == ready && $0.catchingUp == catchingUp ? $0 : nil }
            ?? computeAnswers(ready: ready, catchingUp: catchingUp)
        memo = answers
        lastState = answers.state
        let plan = FailoverPlan(
            state: answers.state,
            awaitingCatchUp: awaitingCatchUp.isEmpty ? [] : config.voterNames.filter { awaitingCatchUp[$0] != nil },
            geosWithoutAvailableRegion: answers.unserved
        )
        planWhileAwaiting = awaitingCatchUp.isEmpty ? nil : plan
        return plan
    }

    private func computeAnswers(ready: [RegionName], catchingUp: [RegionName]) -> Memo {
        var unserved: [String] = []
        let answers = config.geos.map { geo -> GeoAnswer in
            if let answer = Self.answer(for: geo, from: ready) ?? Self.answer(for: geo, from: catchingUp) {
                return answer
            }
            unserved.append(geo.name)
            return lastState?.answer(forGeo: geo.name) ?? Self.configuredAnswer(for: geo)
        }
        return Memo(ready: ready, catchingUp: catchingUp, state: DesiredDNSState(geos: answers), unserved: unserved)
    }

    /// What DNS should answer when `down` regions are out and `drained` regions are in
    /// maintenance, with no history (no catch-up gating): the CLI's `regiond plan`. A geo
    /// with no region left keeps its configured answer rather than an empty one.
    public static func plan(config: RegionsConfig, down: Set<RegionName>, drained: Set<RegionName>) -> DesiredDNSState {
        var planner = FailoverPlanner(config: config)
        return planner.plan(view: config.voterNames.filter { !down.contains($0) }, drained: drained, now: .zero).state
    }

    /// The geo's answer from `available` (config order), or nil when `available` is empty.
    private static func answer(for geo: GeoConfig, from available: [RegionName]) -> GeoAnswer? {
        let preferred = geo.preference.filter(available.contains)
        let ordered = preferred.isEmpty ? available : preferred
        guard !ordered.isEmpty else { return nil }
        return GeoAnswer(geo: geo.name, regions: weighted(ordered, geo: geo))
    }

    private static func configuredAnswer(for geo: GeoConfig) -> GeoAnswer {
        GeoAnswer(geo: geo.name, regions: weighted(geo.preference, geo: geo))
    }

    /// The geo's weights for `ordered`; when none of them carries weight (an unweighted geo,
    /// or every weighted region gone), the first takes all traffic and the rest are fallbacks.
    private static func weighted(_ ordered: [RegionName], geo: GeoConfig) -> [WeightedRegion] {
        let weights = ordered.map { geo.weights[$0] ?? 0 }
        if weights.contains(where: { $0 > 0 }) {
            return zip(ordered, weights).map { WeightedRegion(region: $0, weight: $1) }
        }
        return ordered.enumerated().map { WeightedRegion(region: $1, weight: $0 == 0 ? 100 : 0) }
    }
}
