/// An incoming batch split by the receiver's residency check.
public struct ScreenedBatch: Hashable, Sendable {
    /// Rows this region may store, to apply last-write-wins.
    public var admitted: [VersionedRow]
    /// One `rejected` record per refused row, for the residency log.
    public var rejected: [ResidencyDecisionEvent]

    public init(admitted: [VersionedRow], rejected: [ResidencyDecisionEvent]) {
        self.admitted = admitted
        self.rejected = rejected
    }
}

extension ResidencyPolicy {
    /// Re-checks every row of a batch from `sender` before `region` applies it (defence in
    /// depth): the rows a correct sender would never have sent are refused and recorded,
    /// the rest go on to the LWW apply.
    public func screen(_ changes: [OutboundChange], at region: RegionName, from sender: RegionName) -> ScreenedBatch {
        var screened = ScreenedBatch(admitted: [], rejected: [])
        for change in changes {
            switch admits(row: change.row, class: change.residencyClass, at: region, from: sender) {
            case .admitted: screened.admitted.append(change.row)
            case .rejected(_, let event): screened.rejected.append(event)
            }
        }
        return screened
    }
}
