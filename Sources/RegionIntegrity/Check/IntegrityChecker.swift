import Logging
import RegionCore

/// Compares one table between this region and a peer, and optionally repairs it.
///
/// 1. Both regions summarise the whole table (one digest over the rows both may hold); in
///    sync, that is all that crosses the network.
/// 2. Differing blocks are split and summarised again (`DescentPlanner`) until they are small,
///    then listed row by row (keys, versions, content digests, never content).
/// 3. `RowReconciler` decides per differing row which copy wins.
/// 4. With `repair`, winners' rows are fetched from their region and applied in the other:
///    last-write-wins, tombstones included; the listing is then repeated, and only rows equal
///    afterwards count as repaired.
///
/// Both regions are asked the same questions concurrently, so their scans overlap.
public struct IntegrityChecker: Sendable {
    public var config: RegionsConfig
    public var local: any IntegrityPeer
    public var remote: any IntegrityPeer
    public var planner: DescentPlanner
    private let logger: Logger

    public init(config: RegionsConfig, local: any IntegrityPeer, remote: any IntegrityPeer, planner: DescentPlanner = .init(), logger: Logger) {
        self.config = config
        self.local = local
        self.remote = remote
        self.planner = planner
        self.logger = logger
    }

    /// - Parameter now: the wall clock, for the replication horizon and retention floor.
    public func check(table: String, now: Timestamp, repair: Bool) async throws -> TableCheckResult {
        var result = TableCheckResult(table: table, local: local.region, peer: remote.region)
        let floor = RetentionPlan.comparisonFloor(config: config, regions: [local.region, remote.region], table: table, now: now)
        let reconciler = RowReconciler(
            local: local.region, remote: remote.region, horizon: ReplicationHorizon.horizon(config: config, table: table, now: now))

        let differingBlocks = try await descend(table: table, floor: floor, result: &result)
        guard !differingBlocks.isEmpty else { return result }

        let found = try await compareRows(table: table, floor: floor, blocks: differingBlocks, reconciler: reconciler)
        result.rowsListed = found.listed
        result.inFlight = found.reconciliation.inFlight
        let divergences = found.reconciliation.divergences
        result.differing = divergences.count
        result.differingKeys = divergences.map(\.key)
        guard !divergences.isEmpty else { return result }
        guard repair else {
            result.unrepaired = divergences.map { UnrepairedRow(key: $0.key, reason: Self.reason($0.resolution, repairing: false)) }
            return result
        }

        try await apply(divergences, table: table, result: &result)
        let after = try await compareRows(table: table, floor: floor, blocks: differingBlocks, reconciler: reconciler)
        let remaining = Dictionary(after.reconciliation.divergences.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        result.unrepaired = divergences.compactMap { divergence in
            remaining[divergence.key].map { UnrepairedRow(key: $0.key, reason: Self.reason($0.resolution, repairing: true)) }
        }
        result.repaired = divergences.count - result.unrepaired.count
        if !result.unrepaired.isEmpty {
            logger.error("integrity repair left rows differing", metadata: [
                "table": "\(table)", "peer": "\(remote.region)", "rows": "\(result.unrepaired.count)",
                "reason": "\(result.unrepaired[0].reason)",
            ])
        }
        return result
    }

    private static func reason(_ resolution: RowDivergence.Resolution, repairing: Bool) -> String {
        switch resolution {
        case .unrepairable(let reason): reason.description
        case .repair: repairing
            ? "the repair did not take effect (the row changed meanwhile, or a region refused it); run the check again"
            : "repairable; run the check with --repair"
        }
    }

    // MARK: Descent

    /// Summarises level by level; returns the small differing blocks to list, by level.
    private func descend(table: String, floor: HLC?, result: inout TableCheckResult) async throws -> [BlockAddress] {
        var blocks = [BlockAddress.wholeTable]
        var toList: [BlockAddress] = []
        while !blocks.isEmpty {
            let localRequest = IntegritySummaryRequest(requester: remote.region, table: table, floor: floor, blocks: blocks)
            let remoteRequest = IntegritySummaryRequest(requester: local.region, table: table, floor: floor, blocks: blocks)
            async let mine = local.summarize(localRequest)
            async let theirs = remote.summarize(remoteRequest)
            let (localSummaries, remoteSummaries) = try await (mine.summaries, theirs.summaries)
            if blocks == [.wholeTable] {
                result.rowsCompared = max(localSummaries.first?.digest.rows ?? 0, remoteSummaries.first?.digest.rows ?? 0)
            }
            result.blocksCompared += blocks.count
            let step = planner.step(blocks: blocks, local: localSummaries, remote: remoteSummaries)
            toList += step.list
            blocks = step.split
        }
        return toList
    }

    // MARK: Row comparison

    private struct RowComparison {
        var listed = 0
        var reconciliation = Reconciliation()
    }

    private func compareRows(table: String, floor: HLC?, blocks: [BlockAddress], reconciler: RowReconciler) async throws -> RowComparison {
        var mine: [RowEntry] = []
        var theirs: [RowEntry] = []
        for level in Set(blocks.map(\.level)).sorted() {
            let atLevel = blocks.filter { $0.level == level }
            async let localRows = local.listRows(IntegrityRowsRequest(requester: remote.region, table: table, floor: floor, blocks: atLevel))
            async let remoteRows = remote.listRows(IntegrityRowsRequest(requester: local.region, table: table, floor: floor, blocks: atLevel))
            let (localListing, remoteListing) = try await (localRows.rows, remoteRows.rows)
            mine += localListing
            theirs += remoteListing
        }
        return RowComparison(listed: mine.count + theirs.count, reconciliation: reconciler.reconcile(local: mine, remote: theirs))
    }

    // MARK: Repair

    private func peer(_ side: CheckSide) -> any IntegrityPeer { side == .local ? local : remote }

    private func apply(_ divergences: [RowDivergence], table: String, result: inout TableCheckResult) async throws {
        var plan = RepairBatch()
        for divergence in divergences {
            guard case .repair(let repair) = divergence.resolution else { continue }
            plan.add(repair, divergence: divergence)
        }
        for source in [CheckSide.local, .remote] {
            let target = source.other
            let fetched = try await fetch(keys: plan.fetch[source, default: []], table: table, from: source)
            let newer = plan.tombstones[source, default: []] + fetched.filter { plan.shipKeys[source, default: []].contains($0.key) }
            let restores = fetched.filter { row in plan.restoreVersions[source]?[row.key] == row.version }
            let adopted = fetched.filter { plan.adoptKeys[source, default: []].contains($0.key) }
            guard !(newer + adopted + restores).isEmpty else { continue }
            let sent = try await peer(target).repair(IntegrityRepairRequest(
                requester: peer(source).region, table: table, newer: newer + adopted, restores: restores))
            if !adopted.isEmpty {
                _ = try await peer(source).repair(IntegrityRepairRequest(requester: peer(target).region, table: table, newer: adopted, restores: []))
            }
            let keys = (newer + adopted + restores).map(\.key)
            if target == .remote { result.shippedToPeer += keys } else { result.shippedToLocal += keys }
            logger.info("integrity repair shipped rows", metadata: [
                "table": "\(table)", "to": "\(peer(target).region)", "rows": "\(keys.count)",
                "applied": "\(sent.applied)", "refused": "\(sent.refused)", "stale": "\(sent.stale)",
            ])
        }
    }

    private func fetch(keys: [String], table: String, from side: CheckSide) async throws -> [RepairRow] {
        guard !keys.isEmpty else { return [] }
        return try await peer(side).fetchRows(IntegrityFetchRequest(requester: peer(side.other).region, table: table, keys: keys)).rows
    }
}

/// The repairs of one check, grouped by the side whose copy wins.
private struct RepairBatch {
    var fetch: [CheckSide: [String]] = [:]
    var shipKeys: [CheckSide: Set<String>] = [:]
    var adoptKeys: [CheckSide: Set<String>] = [:]
    var restoreVersions: [CheckSide: [String: Version]] = [:]
    var tombstones: [CheckSide: [RepairRow]] = [:]

    mutating func add(_ repair: RowRepair, divergence: RowDivergence) {
        switch repair {
        case .ship(let source, true):
            let copy = source == .local ? divergence.local : divergence.remote
            if let version = copy?.version {
                tombstones[source, default: []].append(RepairRow(key: divergence.key, version: version, row: nil))
            }
        case .ship(let source, false):
            fetch[source, default: []].append(divergence.key)
            shipKeys[source, default: []].insert(divergence.key)
        case .restore(let source, let version):
            fetch[source, default: []].append(divergence.key)
            restoreVersions[source, default: [:]][divergence.key] = version
        case .adopt(let source):
            fetch[source, default: []].append(divergence.key)
            adoptKeys[source, default: []].insert(divergence.key)
        }
    }
}
