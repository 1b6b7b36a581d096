extension HLC {
    /// The smallest HLC that is not a valid clock reading: no physical time maps here.
    public static let zero = HLC(rawValue: 0)

    /// The largest representable HLC; `successor` saturates here instead of wrapping.
    public static let largest = HLC(rawValue: UInt64.max)

    /// The HLC at the start of a millisecond, with a zero logical counter.
    public init(_ timestamp: Timestamp) {
        self.init(physicalMilliseconds: timestamp.milliseconds)
    }

    /// The next HLC after this one.
    ///
    /// The logical counter lives in the low bits, so incrementing the raw value carries a
    /// full counter into the physical part: after `t.65535` comes `(t+1).0`. A burst of more
    /// than 65 536 events within one millisecond therefore borrows from the future by a
    /// millisecond rather than wrapping (which would break monotonicity).
    public var successor: HLC {
        rawValue == UInt64.max ? self : HLC(rawValue: rawValue + 1)
    }

    /// The last HLC within the given millisecond (logical counter at its maximum).
    static func endOfMillisecond(_ milliseconds: Int64) -> HLC {
        HLC(physicalMilliseconds: milliseconds, logical: UInt16.max)
    }
}
