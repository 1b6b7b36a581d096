/// The facts of one residency decision, for the residency (audit) log: what moved or was
/// stopped, of which class, from where to where.
///
/// The audit module turns these into hash-chained records. `key` is here so it can compute
/// the records' key digest; it must be digested, never written out (keys can be personal
/// data).
public struct ResidencyDecisionEvent: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        /// The sender let a row or tombstone go to a peer.
        case transfer
        /// The sender kept a row from a peer its class forbids (or because it has no class).
        case blocked
        /// A receiver refused a row its residency forbids it to hold (defence in depth).
        case rejected
    }

    /// What was (or would have been) sent.
    public enum Payload: String, Hashable, Sendable {
        /// The full row.
        case row
        /// Key and version only: a delete, or the removal of a row whose new class forbids
        /// the destination.
        case tombstone
    }

    public var kind: Kind
    public var payload: Payload
    public var table: String
    public var key: RowKey
    /// The class that governed the decision; `nil` when the row had none (fail closed).
    public var className: String?
    public var from: RegionName
    public var to: RegionName
    /// Why a row was blocked or rejected; `nil` for transfers. Never holds row values.
    public var reason: String?

    public init(
        kind: Kind, payload: Payload, table: String, key: RowKey, className: String?,
        from: RegionName, to: RegionName, reason: String? = nil
    ) {
        self.kind = kind
        self.payload = payload
        self.table = table
        self.key = key
        self.className = className
        self.from = from
        self.to = to
        self.reason = reason
    }
}
