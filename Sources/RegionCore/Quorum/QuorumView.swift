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
/// - A non-member `c` rejoins by the same rule: when more than half of the current view sees
///   it up, `2 × |{v ∈ V, v sees c up}| > |V|` (`c` does not vote for itself).
/// - Only fresh observations vote (`observedAt` within `observationTTL` of `now`); a voter
///   that cannot be heard, or whose observations are stale, does not vote but still counts
///   in `|V|`.
///
/// ## Why a partition cannot make both sides act
/// An observation only reaches an agent over a path that works, so during a partition each
/// side holds fresh observations only from its own members. A decision needs more than
/// `|V| / 2` votes from members of `V`, and two disjoint sides cannot both hold more than half
/// of the same `V`: at most one side makes the first decision, and the other side (including
/// an agent alone with its own observations) declares nobody down for as long as the
/// partition lasts. The hard case is two voters `{a, b}` that lose each other with no third
/// voter: to remove `b`, `a` needs `2 × votes > 2`, i.e. two votes, but the only member other
/// than `b` is `a` itself, so it gathers at most one; the same holds for `b`. Neither removes
/// the other, DNS keeps both, and a human decides (a drain). For the same reason a view never
/// shrinks below two members by failure alone. Rejoining needs the same majority, so it is
/// one-sided too.
///
/// ## Determinism
/// Evaluation counts votes per target, which does not depend on the order observations
/// arrived or on dictionary iteration. Removals are applied one at a time (most votes first,
/// then config order) until none qualifies, then rejoins the same way, and results are listed
/// in config order. Agents holding the same observations and the same previous view
/// therefore reach the same view.
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
        2 * heardMembers(by: agent, now: now).count > members.count
    }

    /// Members `agent` hears (itself included when it is a member), in config order.
    public func heardMembers(by agent: RegionName, now: Timestamp) -> [RegionName] {
        members.filter { $0 == agent || hasFreshObservation(from: $0, now: now) }
    }

    /// Applies the majority rule to the fresh observations and returns what changed.
    ///
    /// Removals happen one at a time, each judged by the view left by the previous one, and a
    /// removed member stops voting: two members that both see each other down cannot remove
    /// each other in one step (which would empty a view of three). Rejoins follow the same way.
    public mutating func evaluate(now: Timestamp) -> ViewChange {
        var change = ViewChange()
        while let leaving = strongestCandidate(among: members, status: .down, now: now) {
            members.removeAll { $0 == leaving }
            change.down.append(leaving)
        }
        let outside = voters.filter { !members.contains($0) && !change.down.contains($0) }
        while let joining = strongestCandidate(among: outside.filter { !members.contains($0) }, status: .up, now: now) {
            members = voters.filter { members.contains($0) || $0 == joining }
            change.up.append(joining)
        }
        change.down = voters.filter(change.down.contains)
        change.up = voters.filter(change.up.contains)
        return change
    }

    /// The candidate with a strict majority of the view voting `status` about it, the most
    /// votes first and config order breaking ties, so every agent picks the same one.
    private func strongestCandidate(among candidates: [RegionName], status: Observation.Status, now: Timestamp) -> RegionName? {
        var best: (region: RegionName, votes: Int)?
        for candidate in candidates {
            let count = votes(for: candidate, status: status, now: now)
            guard 2 * count > members.count, count > (best?.votes ?? 0) else { continue }
            best = (candidate, count)
        }
        return best?.region
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
