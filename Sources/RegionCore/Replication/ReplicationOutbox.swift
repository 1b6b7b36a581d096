/// The sending half of one region's replication: routes every captured change through the
/// residency policy to each peer, batches it per peer and tier, and keeps one changelog
/// cursor per peer.
///
/// Changelog sequence numbers are shared by all tiers; each tier's batcher is told about
/// every sequence number (enqueued, or skipped when the change is of another tier or
/// blocked), and a peer's cursor is the lowest of its tiers' cursors. So a slow logs batch
/// holds the cursor back only as long as it is undelivered, and a peer whose changes are all
/// blocked still advances.
public struct ReplicationOutbox: Sendable {
    public let origin: RegionName
    public let peers: [RegionName]
    private let policy: ResidencyPolicy
    private let tierIndexByTable: [String: Int]
    private let tierNames: [String]
    /// Peer-major, tier-minor (`peers[p]`'s batchers are `p * tiers ..< (p + 1) * tiers`),
    /// mutated in place by index: taking a batcher out of a dictionary to mutate it would
    /// copy its whole queue on every change.
    private var batchers: [TierBatcher] = []
    private var batcherIndex: [PeerTier: Int] = [:]
    private var cursors: [RegionName: Int64] = [:]

    /// - Parameters:
    ///   - peers: the regions to replicate to; defaults to every other region in `config`
    ///     (witnesses included: a planned region receives what residency allows it).
    ///   - cursors: each peer's persisted cursor; missing peers start at 0.
    public init(
        config: RegionsConfig, origin: RegionName, peers: [RegionName]? = nil, settings: BatcherSettings? = nil,
        cursors: [RegionName: Int64] = [:]
    ) {
        self.origin = origin
        var unique: Set<RegionName> = [origin]
        self.peers = (peers ?? config.regions.map(\.name)).filter { unique.insert($0).inserted }
        policy = ResidencyPolicy(config: config)
        tierNames = config.tiers.map(\.name)
        var tierIndexByTable: [String: Int] = [:]
        for (index, tier) in config.tiers.enumerated() {
            for table in tier.tables where tierIndexByTable[table] == nil { tierIndexByTable[table] = index }
        }
        self.tierIndexByTable = tierIndexByTable
        let settings = settings ?? BatcherSettings(replication: config.replication)
        for peer in self.peers {
            let cursor = cursors[peer] ?? 0
            self.cursors[peer] = cursor
            for tier in config.tiers {
                batcherIndex[PeerTier(peer: peer, tier: tier.name)] = batchers.count
                batchers.append(TierBatcher(peer: peer, tier: tier, settings: settings, cursor: cursor))
            }
        }
    }

    // MARK: Inputs

    /// Routes one captured change (changelog entry `sequence`, committed at `capturedAt`).
    /// Changes must come in increasing sequence order, all tiers interleaved as in the
    /// changelog; a sequence number never offered counts as needing no replication.
    /// Changes of tables no tier names are not replicated and only move cursors.
    public mutating func capture(_ change: RowChange, sequence: Int64, capturedAt: Timestamp) -> [OutboxAction] {
        guard let tierIndex = tierIndexByTable[change.table] else { return skip(upTo: sequence) }
        let plan = policy.route(change: change, origin: origin, peers: peers)
        var actions: [OutboxAction] = []
        if plan.originViolation, let className = plan.classification.className {
            actions.append(.originViolation(OriginViolation(table: change.table, key: change.key, className: className, region: origin)))
        }
        // `route` keeps the order of `peers`, so decision p belongs to peers[p]'s batchers.
        for (peerIndex, decision) in plan.decisions.enumerated() {
            let first = peerIndex * tierNames.count
            if let row = decision.action.outboundRow {
                let outbound = OutboundChange(sequence: sequence, row: row, residencyClass: plan.classification.className)
                actions += forward(first + tierIndex) { $0.enqueue(outbound, capturedAt: capturedAt) }
            } else {
                actions.append(.blocked(decision.event))
                actions += forward(first + tierIndex) { $0.skipped(upTo: sequence) }
            }
            for other in tierNames.indices where other != tierIndex {
                actions += forward(first + other) { $0.skipped(upTo: sequence) }
            }
        }
        return actions + cursorAdvances()
    }

    /// Records changelog entries up to `sequence` that need no replication (for example
    /// written by the applier, or of tables not replicated).
    public mutating func skip(upTo sequence: Int64) -> [OutboxAction] {
        var actions: [OutboxAction] = []
        for index in batchers.indices { actions += forward(index) { $0.skipped(upTo: sequence) } }
        return actions + cursorAdvances()
    }

    /// Lets time pass for every batcher: window cuts, retries, timeouts.
    public mutating func tick(now: Timestamp) -> [OutboxAction] {
        var actions: [OutboxAction] = []
        for index in batchers.indices { actions += forward(index) { $0.tick(now: now) } }
        return actions + cursorAdvances()
    }

    /// The peer applied the batch.
    public mutating func acknowledged(peer: RegionName, tier: String, batchID: BatchID, now: Timestamp) -> [OutboxAction] {
        let key = PeerTier(peer: peer, tier: tier)
        guard let batch = batcherIndex[key].flatMap({ batchers[$0].inFlightBatch(batchID) }) else { return [] }
        return [.delivered(batch)] + forward(key) { $0.acknowledged(batchID: batchID, now: now) } + cursorAdvances()
    }

    /// Sending the batch failed; it will be retried.
    public mutating func failed(peer: RegionName, tier: String, batchID: BatchID, now: Timestamp) -> [OutboxAction] {
        forward(PeerTier(peer: peer, tier: tier)) { $0.failed(batchID: batchID, now: now) }
    }

    // MARK: Observability

    /// The persisted-cursor value for `peer` (0 for an unknown peer).
    public func cursor(peer: RegionName) -> Int64 { cursors[peer] ?? 0 }

    /// Age of the oldest change of `tier` not yet acknowledged by `peer`.
    public func lag(peer: RegionName, tier: String, now: Timestamp) -> Duration {
        batcher(PeerTier(peer: peer, tier: tier))?.lag(now: now) ?? .zero
    }

    /// Changes queued or in flight for `peer`, over all tiers.
    public func backlogRows(peer: RegionName) -> Int {
        batchers.filter { $0.peer == peer }.reduce(0) { $0 + $1.backlogRows }
    }

    /// The earliest time any batcher needs a `tick`; `nil` when all are idle.
    public var nextDeadline: Timestamp? { batchers.compactMap(\.nextDeadline).min() }

    // MARK: Internals

    private func batcher(_ key: PeerTier) -> TierBatcher? { batcherIndex[key].map { batchers[$0] } }

    private mutating func forward(_ key: PeerTier, _ input: (inout TierBatcher) -> [BatcherAction]) -> [OutboxAction] {
        guard let index = batcherIndex[key] else { return [] }
        return forward(index, input)
    }

    private mutating func forward(_ index: Int, _ input: (inout TierBatcher) -> [BatcherAction]) -> [OutboxAction] {
        input(&batchers[index]).compactMap { action in
            switch action {
            case .send(let batch): .send(batch)
            case .backlogAlarm(let alarm): .backlogAlarm(alarm)
            case .backlogCleared(let peer, let tier): .backlogCleared(peer: peer, tier: tier)
            case .advanceCursor: nil
            }
        }
    }

    private mutating func cursorAdvances() -> [OutboxAction] {
        var actions: [OutboxAction] = []
        for (peerIndex, peer) in peers.enumerated() {
            let tiers = batchers[(peerIndex * tierNames.count)..<((peerIndex + 1) * tierNames.count)]
            let lowest = tiers.lazy.map(\.cursor).min() ?? 0
            guard lowest > (cursors[peer] ?? 0) else { continue }
            cursors[peer] = lowest
            actions.append(.advanceCursor(peer: peer, to: lowest))
        }
        return actions
    }
}

/// One batcher's address: a peer and a tier.
public struct PeerTier: Hashable, Comparable, Sendable {
    public var peer: RegionName
    public var tier: String

    public init(peer: RegionName, tier: String) {
        self.peer = peer
        self.tier = tier
    }

    public static func < (lhs: PeerTier, rhs: PeerTier) -> Bool {
        lhs.peer != rhs.peer ? lhs.peer < rhs.peer : lhs.tier < rhs.tier
    }
}
