import RegionCore

/// A row version as the simulated databases store it: the HLC's raw value and the origin's
/// rank among the regions sorted by name.
///
/// Ranking origins by name makes the order of compact versions exactly the order of
/// `Version` (higher hlc wins, equal hlc broken by origin name), without a string per row;
/// a test checks the two orders agree. `absent` (hlc 0) is below every real version, as
/// no clock reading maps to HLC zero.
struct CompactVersion: Comparable {
    static let absent = CompactVersion(hlc: 0, originRank: 0)

    var hlc: UInt64
    var originRank: UInt8

    var isAbsent: Bool { hlc == 0 }

    static func < (lhs: CompactVersion, rhs: CompactVersion) -> Bool {
        lhs.hlc != rhs.hlc ? lhs.hlc < rhs.hlc : lhs.originRank < rhs.originRank
    }

    /// The version of a new local write: `Version.next`'s rule, `max(now, previous + 1)`.
    static func next(previous: CompactVersion, now: HLC, originRank: UInt8) -> CompactVersion {
        let hlc = previous.isAbsent ? now : max(now, HLC(rawValue: previous.hlc).successor)
        return CompactVersion(hlc: hlc.rawValue, originRank: originRank)
    }
}

/// Ranks of region names in name order: what `CompactVersion.originRank` holds.
struct OriginRanks {
    /// Indexed by region index (config order).
    let rankOf: [UInt8]

    init(regions: [RegionName]) {
        let sorted = regions.indices.sorted { regions[$0] < regions[$1] }
        var ranks = [UInt8](repeating: 0, count: regions.count)
        for (rank, region) in sorted.enumerated() { ranks[region] = UInt8(truncatingIfNeeded: rank) }
        rankOf = ranks
    }
}
