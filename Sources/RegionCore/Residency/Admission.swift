/// A receiver's verdict on one incoming row.
public enum Admission: Hashable, Sendable {
    case admitted
    /// The row must not be stored here; `event` is the `rejected` record for the residency log.
    case rejected(RejectReason, event: ResidencyDecisionEvent)

    public var isAdmitted: Bool { self == .admitted }
}

/// Why a receiver refused a row.
public enum RejectReason: Hashable, Sendable, CustomStringConvertible {
    /// The row's class does not allow this region.
    case classForbids(className: String)
    /// The row has no class by this region's rules.
    case unclassified(UnclassifiedReason)
    /// The sender declared a different class than this region computes: the two agents run
    /// different residency rules.
    case classMismatch(declared: String?, computed: String)

    public var description: String {
        switch self {
        case .classForbids(let className):
            "class \(className) may not be stored in this region"
        case .unclassified(let reason):
            "no residency class: \(reason)"
        case .classMismatch(let declared, let computed):
            "sender declared class \(declared ?? "none") but the row is \(computed) here; deploy the same regions.yaml to every agent"
        }
    }
}
