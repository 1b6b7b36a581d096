import RegionCore
import RegionPostgres

/// Which lane: one per tier and peer.
struct LaneKey: Hashable, Comparable, Sendable {
    var tier: String
    var peer: RegionName

    static func < (lhs: LaneKey, rhs: LaneKey) -> Bool {
        (lhs.tier, lhs.peer.rawValue) < (rhs.tier, rhs.peer.rawValue)
    }
}

/// The sender's state for one tier and one peer: the core outbox that batches the tier's
/// changes for the peer, where the tier's changelog has been read up to for it, and how the
/// outbox's sequence numbers map back to changelog positions.
struct TierLane: Sendable {
    var outbox: ReplicationOutbox
    /// The last changelog position read.
    var readPosition: ChangePosition
    private(set) var lastSequence: Int64 = 0
    private var sequenceMap: SequenceMap

    /// - Parameter start: the cursor the peer acknowledged last: reading resumes there.
    init(config: RegionsConfig, tier: TierConfig, origin: RegionName, peer: RegionName, start: ChangePosition) {
        var laneConfig = config
        laneConfig.tiers = [tier]
        outbox = ReplicationOutbox(config: laneConfig, origin: origin, peers: [peer])
        readPosition = start
        sequenceMap = SequenceMap(start: start)
    }

    /// Numbers the next captured change.
    mutating func number(_ position: ChangePosition) -> Int64 {
        lastSequence += 1
        sequenceMap.append(lastSequence, at: position)
        readPosition = position
        return lastSequence
    }

    /// The changelog position the peer's cursor at `sequence` stands for; forgets the
    /// positions it has passed.
    mutating func cursorPosition(sequence: Int64) -> ChangePosition {
        let position = sequenceMap.position(of: sequence)
        sequenceMap.forget(through: sequence)
        return position
    }
}
