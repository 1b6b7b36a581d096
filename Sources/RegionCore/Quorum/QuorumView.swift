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
    private let observationTTLMilliseconds: Int64
    /// The agreed view in config order.
    public private(set) var members: [RegionName]
    /// `isMember[i]` tells whether `voters[i]` is in `members`.
    private var isMember: [Bool]
    /// Latest observation per (observer, target) at `observerIndex * voters.count + targetIndex`:
    /// a flat matrix, because the view is re-evaluated after every event and a handful of
    /// voters makes index arithmetic far cheaper than hashing pairs of names.
    private var observations: [Observation?]
    /// What voting reads of `observations`, slot by slot: when it was observed (`Int64.min`
    /// for none) and whether it says down. Kept beside the full values because the view is
    /// evaluated after every input, and reading an `Observation` copies its two names.
    private var observedAtMilliseconds: [Int64]
    private var seesDown: [Bool]

    public init(voters: [RegionName], observationTTL: Duration) {
        self.voters = voters
        self.observationTTL = observationTTL
        self.observationTTLMilliseconds = observationTTL.milliseconds
        self.members = voters
        self.isMember = Array(repeating: true, count: voters.count)
        self.observations = Array(repeating: nil, count: voters.count * voters.count)
        self.observedAtMilliseconds = Array(repeating: .min, count: voters.count * voters.count)
        self.seesDown = Array(repeating: false, count: voters.count * voters.count)
    }

    public init(config: RegionsConfig) {
        self.init(voters: config.voterNames, observationTTL: config.health.observationTTL)
    }

    /// Voters currently outside the view (declared down), in config order.
    public var removed: [RegionName] { voters.indices.filter { !isMember[$0] }.map { voters[$0] } }

    public func contains(_ region: RegionName) -> Bool { index(of: region).map { isMember[$0] } ?? false }

    /// The stored observation of `target` by `observer`, fresh or not.
    public func observation(by observer: RegionName, of target: RegionName) -> Observation? {
        guard let observerIndex = index(of: observer), let targetIndex = index(of: target) else { return nil }
        return observations[slot(observerIndex, targetIndex)]
    }

    /// Stores an observation unless a newer one about the same pair is already known.
    /// Observations naming a region that is not a voter are ignored.
    public mutating func record(_ observation: Observation) {
        guard let observerIndex = index(of: observation.observer), let targetIndex = index(of: observation.target) else { return }
        let slot = slot(observerIndex, targetIndex)
        if let existing = observations[slot], !observation.supersedes(existing) { return }
        observations[slot] = observation
        observedAtMilliseconds[slot] = observation.observedAt.milliseconds
        seesDown[slot] = observation.status == .down
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

    /// Forgets observations that can no longer vote.
    public mutating func expireObservations(now: Timestamp) {
        for slot in observations.indices where observedAtMilliseconds[slot] != .min && !isFresh(slot: slot, now: now) {
            observations[slot] = nil
            observedAtMilliseconds[slot] = .min
        }
    }

    /// Whether `agent` hears (holds fresh observations from) a strict majority of the view,
    /// counting itself. An agent that does not should act on nothing: its view is stale.
    public func isOnMajoritySide(_ agent: RegionName, now: Timestamp) -> Bool {
        2 * heardMemberCount(by: agent, now: now) > members.count
    }

    /// How many members `agent` hears, itself included when it is a member.
    public func heardMemberCount(by agent: RegionName, now: Timestamp) -> Int {
        members.count { $0 == agent || hasFreshObservation(from: $0, now: now) }
    }

    /// Whether `observer` is heard: it has at least one observation still fresh at `now`.
    public func hasFreshObservation(from observer: RegionName, now: Timestamp) -> Bool {
        guard let observerIndex = index(of: observer) else { return false }
        return voters.indices.contains { target in isFresh(slot: slot(observerIndex, target), now: now) }
    }

    /// Applies the majority rule to the fresh observations and returns what changed.
    ///
    /// Removals happen one at a time, each judged by the view left by the previous one, and a
    /// removed member stops voting: two members that both see each other down cannot remove
    /// each other in one step (which would empty a view of three). Rejoins follow the same way.
    public mutating func evaluate(now: Timestamp) -> ViewChange {
        var leaving: [Int] = []
        while let candidate = strongestCandidate(members: true, status: .down, now: now) {
            isMember[candidate] = false
            leaving.append(candidate)
        }
        var joining: [Int] = []
        while let candidate = strongestCandidate(members: false, status: .up, now: now, excluding: leaving) {
            isMember[candidate] = true
            joining.append(candidate)
        }
        guard !leaving.isEmpty || !joining.isEmpty else { return ViewChange() }
        members = voters.indices.filter { isMember[$0] }.map { voters[$0] }
        return ViewChange(down: leaving.sorted().map { voters[$0] }, up: joining.sorted().map { voters[$0] })
    }

    /// Among members (or non-members), the one a strict majority of the view sees with
    /// `status`, the most votes first and config order breaking ties, so every agent picks
    /// the same one.
    private func strongestCandidate(members wanted: Bool, status: Observation.Status, now: Timestamp, excluding: [Int] = []) -> Int? {
        let viewSize = isMember.count { $0 }
        var best: (index: Int, votes: Int)?
        for candidate in voters.indices where isMember[candidate] == wanted && !excluding.contains(candidate) {
            let count = votes(for: candidate, status: status, now: now)
            guard 2 * count > viewSize, count > (best?.votes ?? 0) else { continue }
            best = (candidate, count)
        }
        return best?.index
    }

    /// Members other than `target` whose fresh observation of it has `status`.
    private func votes(for target: Int, status: Observation.Status, now: Timestamp) -> Int {
        let wantsDown = status == .down
        return voters.indices.count { voter in
            guard voter != target, isMember[voter] else { return false }
            let slot = slot(voter, target)
            return seesDown[slot] == wantsDown && isFresh(slot: slot, now: now)
        }
    }

    private func index(of region: RegionName) -> Int? { voters.firstIndex(of: region) }

    private func slot(_ observer: Int, _ target: Int) -> Int { observer * voters.count + target }

    /// Whether the slot holds an observation still fresh at `now`.
    private func isFresh(slot: Int, now: Timestamp) -> Bool {
        let observedAt = observedAtMilliseconds[slot]
        return observedAt != .min && now.milliseconds - observedAt <= observationTTLMilliseconds
    }
}
