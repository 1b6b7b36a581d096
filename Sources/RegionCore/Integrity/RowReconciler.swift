/// Compares the row listings two regions gave for the same blocks and decides, per
/// differing key, which copy wins and how to repair the other.
///
/// Rules, in order:
/// - A row whose version on either side is newer than `horizon` may still be in flight
///   through replication: it is counted as in flight, not as divergence.
/// - Copies that are equal, or where neither side holds content both may store (a tombstone
///   here and nothing there, a withheld row and nothing), are not divergence.
/// - Different versions: the newer one wins (last-write-wins, tombstones included) and is
///   shipped; a newer `withheld` row ships as a tombstone, since its class now forbids the
///   other region. If the newest copy lost its row, nothing safe can be shipped.
/// - Same version, different copies: content restores a `missing` row; two different
///   contents are settled by the version's origin region, which wrote it.
public struct RowReconciler: Sendable {
    public var local: RegionName
    public var remote: RegionName
    public var horizon: HLC

    public init(local: RegionName, remote: RegionName, horizon: HLC) {
        self.local = local
        self.remote = remote
        self.horizon = horizon
    }

    public func reconcile(local localRows: [RowEntry], remote remoteRows: [RowEntry]) -> Reconciliation {
        let mine = Dictionary(localRows.map { ($0.key, $0.copy) }, uniquingKeysWith: { first, _ in first })
        let theirs = Dictionary(remoteRows.map { ($0.key, $0.copy) }, uniquingKeysWith: { first, _ in first })
        var result = Reconciliation()
        for key in Set(mine.keys).union(theirs.keys).sorted() {
            let localCopy = mine[key]
            let remoteCopy = theirs[key]
            if localCopy?.isLive == true || remoteCopy?.isLive == true { result.compared += 1 }
            guard localCopy != remoteCopy else { continue }
            if [localCopy, remoteCopy].contains(where: { ($0?.version?.hlc).map { $0 > horizon } ?? false }) {
                result.inFlight += 1
                continue
            }
            if let resolution = resolve(localCopy, remoteCopy) {
                result.divergences.append(RowDivergence(key: key, local: localCopy, remote: remoteCopy, resolution: resolution))
            }
        }
        return result
    }

    private func resolve(_ localCopy: RowCopy?, _ remoteCopy: RowCopy?) -> RowDivergence.Resolution? {
        let localVersion = localCopy?.version
        let remoteVersion = remoteCopy?.version
        if localVersion == remoteVersion {
            return resolveSameVersion(localCopy, remoteCopy, version: localVersion)
        }
        let winner: CheckSide = (localVersion ?? lowest) > (remoteVersion ?? lowest) ? .local : .remote
        let winning = winner == .local ? localCopy : remoteCopy
        let losing = winner == .local ? remoteCopy : localCopy
        let loserHoldsSomething = losing.map { if case .tombstone = $0 { false } else { true } } ?? false
        switch winning {
        case .live:
            return .repair(.ship(from: winner, tombstone: false))
        case .tombstone, .withheld:
            return loserHoldsSomething ? .repair(.ship(from: winner, tombstone: true)) : nil
        case .missing(let version):
            return losing?.isLive == true ? .unrepairable(.newestCopyLost(version, holder: winner)) : nil
        case nil:
            return nil
        }
    }

    private func resolveSameVersion(_ localCopy: RowCopy?, _ remoteCopy: RowCopy?, version: Version?) -> RowDivergence.Resolution? {
        guard let version else {
            switch (localCopy, remoteCopy) {
            case (.live?, nil): return .repair(.adopt(from: .local))
            case (nil, .live?): return .repair(.adopt(from: .remote))
            case (.live?, .live?): return .unrepairable(.unversionedConflict)
            case (.live?, .withheld?), (.withheld?, .live?): return .unrepairable(.residencyDisagreement(nil))
            default: return nil
            }
        }
        switch (localCopy, remoteCopy) {
        case (.live?, .missing?): return .repair(.restore(from: .local, version: version))
        case (.missing?, .live?): return .repair(.restore(from: .remote, version: version))
        case (.live?, .live?):
            if version.origin == local { return .repair(.restore(from: .local, version: version)) }
            if version.origin == remote { return .repair(.restore(from: .remote, version: version)) }
            return .unrepairable(.sameVersionNoOrigin(version))
        case (.live?, .withheld?), (.withheld?, .live?): return .unrepairable(.residencyDisagreement(version))
        case (.live?, .tombstone?), (.tombstone?, .live?): return .unrepairable(.deletedAndLive(version))
        default: return nil
        }
    }

    private var lowest: Version { Version(hlc: HLC(rawValue: 0), origin: RegionName("")) }
}

/// The row-by-row comparison of some blocks.
public struct Reconciliation: Hashable, Sendable {
    /// Keys with a live copy in at least one region.
    public var compared = 0
    /// Differing keys whose version is newer than the replication horizon.
    public var inFlight = 0
    public var divergences: [RowDivergence] = []

    public init() {}
}
