import RegionCore

/// Raised when a check leaves rows differing that the repair could not fix: an SRE must look,
/// since the regions will not converge on their own.
public struct IntegrityAlarm: Sendable, Equatable, CustomStringConvertible {
    public var table: String
    public var local: RegionName
    public var peer: RegionName
    public var rows: Int
    /// The first row's reason, which says what to do.
    public var firstReason: String

    public var description: String {
        "\(rows) row(s) of \(table) differ between \(local) and \(peer) and could not be repaired: \(firstReason)"
    }
}
