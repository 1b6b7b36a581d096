/// A place in one tier's changelog: the writing transaction's id and the row's sequence number.
///
/// Changes are read in `(txid, seq)` order and only from transactions below the reader's
/// snapshot horizon, all of which have ended; a transaction that is still open therefore has
/// a txid at or above the horizon and is read later, never skipped (the "data gap" of readers
/// that trust `seq` alone).
public struct ChangePosition: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var txid: UInt64
    public var seq: Int64

    public init(txid: UInt64, seq: Int64) {
        self.txid = txid
        self.seq = seq
    }

    /// Before every change.
    public static let start = ChangePosition(txid: 0, seq: 0)

    public static func < (lhs: ChangePosition, rhs: ChangePosition) -> Bool {
        (lhs.txid, lhs.seq) < (rhs.txid, rhs.seq)
    }

    public var description: String { "\(txid)/\(seq)" }
}
