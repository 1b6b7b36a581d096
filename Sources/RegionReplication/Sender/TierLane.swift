import RegionCore
import RegionPostgres

/// The sender's state for one tier: the core outbox that batches the tier's changes per
/// peer, where the tier's changelog has been read up to, and how the outbox's sequence
/// numbers map back to changelog positions.
struct TierLane: Sendable {
    let tier: TierConfig
    var outbox: ReplicationOutbox
    /// The last changelog position read.
    var readPosition: ChangePosition
    private(set) var lastSequence: Int64 = 0
    private var sequenceMap: SequenceMap
    private var persistedCursors: [RegionName: Int64] = [:]

    /// - Parameter start: the lowest cursor any peer acknowledged: reading resumes there,
    ///   and peers further ahead receive a few changes twice (the apply is idempotent).
    init(config: RegionsConfig, tier: TierConfig, origin: RegionName, peers: [RegionName], start: ChangePosition) {
        self.tier = tier
        var laneConfig = config
        laneConfig.tiers = [tier]
        outbox = ReplicationOutbox(config: laneConfig, origin: origin, peers: peers)
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

    /// The changelog position a peer's cursor at `sequence` stands for; forgets positions
    /// every peer has passed.
    mutating func cursorPosition(peer: RegionName, sequence: Int64) -> ChangePosition {
        let position = sequenceMap.position(of: sequence)
        persistedCursors[peer] = sequence
        if persistedCursors.count == outbox.peers.count, let slowest = persistedCursors.values.min() {
            sequenceMap.forget(through: slowest)
        }
        return position
    }
}
