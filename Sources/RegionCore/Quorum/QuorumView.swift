/// The agreed view: which voters (serving regions and witnesses) are considered alive,
/// decided by strict majority over gossiped observations.
///
/// ## The rule
/// Let `V` be the current view (`members`, initially every voter in regions.yaml).
/// - A member `t` is declared down when more than half of `V` (counting `t` itself as a
///   member that does not vote) holds a fresh observation of `t` as down:
///   `2 × |{v ∈ V, v ≠ t, v sees t down}| > |V|`. It then leaves the view, so a later
///   failure is judged by the smaller view (after seoul leaves
///   {seoul, singapore, tokyo, frankfurt}, singapore and the frankfurt witness are 2 of the
///   3 members {singapore, tokyo, frankfurt} and can declare tokyo down).
/// - A non-member `c` rejoins when more than half of `V ∪ {c}` (again `c` does not vote for
///   itself) sees it up: `2 × |{v ∈ V, v sees c up}| > |V| + 1`.
/// - Only fresh observations vote (`observedAt` within `observationTTL` of `now`); a voter
///   that cannot be heard, or whose observations are stale, does not vote but still counts
///   in `|V|`.
///
/// ## Why a partition cannot make both sides act
/// An observation only reaches an agent over a path that works, so during a partition each
/// side holds fresh observations only from its own members. A decision needs more than
/// `|V| / 2` votes from members of `V`; two disjoint sides cannot both hold more than half of
/// the same `V`, so at most one side decides anything and the minority side (including an
/// agent alone with its own observations) declares nobody down. The hard case is two voters
/// `{a, b}` that lose each other with no third voter: to remove `b`, `a` needs
/// `2 × votes > 2`, i.e. two votes, but the only members other than `b` are `a` itself, so
/// the most it can gather is one; the same holds for `b`. Neither removes the other, DNS
/// keeps both, and a human (a drain) decides. This is also why a view never shrinks below two
/// members by failure alone.
///
/// ## Determinism
/// Evaluation counts votes per target, which does not depend on the order observations
/// arrived or on dictionary iteration; removals are applied together to a fixpoint, then
/// rejoins, and results are listed in config order. Agents holding the same observations
/// and the same previous view therefore reach the same view.
public struct QuorumView: Sendable, Equatable {
    /// Every voter in config order; candidates for the view.
    public let voters: [RegionName]
    public let observationTTL: Duration
    /// The agreed view in config order.
    public private(set) var members: [RegionName]
    /// Latest observation per (observer, target).
    private var observations: [PairKey: Observation] = [:]

    private struct PairKey: Hashable, Sendable {
        var observer: RegionName
        var target: RegionName
    }

    public init(voters: [RegionName], observationTTL: Duration) {
        self.voters = voters
        self.observationTTL = observationTTL
        self.members = voters
    }

    public init(config: RegionsConfig) {
        self.init(voters: config.voterNames, observationTTL: config.health.observationTTL)
    }

    /// Voters currently outside the view (declared down), in config order.
    public var removed: [RegionName] { voters.filter { !members.contains($0) } }

    public func contains(_ region: RegionName) -> Bool { members.contains(region) }

    /// The stored observation of `target` by `observer`, fresh or not.
    public func observation(by observer: RegionName, of target: RegionName) -> Observation? {
        observations[PairKey(observer: observer, target: target)]
    }

    /// Stores an observation unless a newer one about the same pair is already known.
    /// Observations naming a region that is not a voter are ignored.
    public mutating func record(_ observation: Observation) {
        guard voters.contains(observation.observer), voters.contains(observation.target) else { return }
        let key = PairKey(observer: observation.observer, target: observation.target)
        if let existing = observations[key], !observation.supersedes(existing) { return }
        observations[key] = observation
    }

    /// Stores a peer's gossip. Observations that claim another observer than the sender, or
    /// are stamped further in the future than the TTL (a broken clock), are dropped: a peer
    /// may only speak for itself, and must not pin a vote in place.
    public mutating func record(_ gossip: ObservationGossip, now: Timestamp) {
        for observation in gossip.observations
        where observation.observer == gossip.from && observation.observedAt - now <= observationTTL {
            record(observation)
        }
    }

    /// Forgets observations that can no longer vote (keeps memory bounded).
    public mutating func expireObservations(now: Timestamp) {
        observations = observations.filter { isFresh($0.value, now: now) }
    }

    /// Whether `agent` hears (holds fresh observations from) a strict majority of the view,
    /// counting itself. An agent that does not should act on nothing: its view is stale.
    public func isOnMajoritySide(_ agent: RegionName, now: Timestamp) -> Bool {
        let heard = members.filter { $0 == agent || hasFreshObservation(from: $0, now: now) }
        return 2 * heard.count > members.count
    }

    /// Applies the majority rule to the fresh observations and returns what changed.
    public mutating func evaluate(now: Timestamp) -> ViewChange {
        var change = ViewChange()
        while true {
            let leaving = members.filter { isDeclaredDown($0, now: now) }
            guard !leaving.isEmpty else { break }
            members.removeAll { leaving.contains($0) }
            change.down += leaving
        }
        while true {
            let joining = voters.filter { !members.contains($0) && !change.down.contains($0) && isSeenUpByMajority($0, now: now) }
            guard !joining.isEmpty else { break }
            members = voters.filter { members.contains($0) || joining.contains($0) }
            change.up += joining
        }
        change.down = voters.filter(change.down.contains)
        change.up = voters.filter(change.up.contains)
        return change
    }

    private func isDeclaredDown(_ target: RegionName, now: Timestamp) -> Bool {
        2 * votes(for: target, status: .down, now: now) > members.count
    }

    private func isSeenUpByMajority(_ candidate: RegionName, now: Timestamp) -> Bool {
        2 * votes(for: candidate, status: .up, now: now) > members.count + 1
    }

    /// Members other than `target` whose fresh observation of it has `status`.
    private func votes(for target: RegionName, status: Observation.Status, now: Timestamp) -> Int {
        members.count(where: { voter in
            guard voter != target, let seen = observations[PairKey(observer: voter, target: target)] else { return false }
            return seen.status == status && isFresh(seen, now: now)
        })
    }

    /// Whether `observer` is heard: it has at least one observation still fresh at `now`.
    public func hasFreshObservation(from observer: RegionName, now: Timestamp) -> Bool {
        voters.contains { target in
            observations[PairKey(observer: observer, target: target)].map { isFresh($0, now: now) } ?? false
        }
    }

    private func isFresh(_ observation: Observation, now: Timestamp) -> Bool {
        now - observation.observedAt <= observationTTL
    }
}
