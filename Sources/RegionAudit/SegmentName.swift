/// The files that make up one segment of a residency log.
///
/// A directory holds `segment-00000001.jsonl.gz` + `segment-00000001.digest.json` for every
/// closed segment and one open `segment-0000000N.jsonl` being appended to. Zero padding
/// makes a plain `ls` list segments in chain order.
struct SegmentName: Hashable, Comparable, Sendable {
    let index: Int

    static let prefix = "segment-"

    var open: String { "\(base).jsonl" }
    var compressed: String { "\(base).jsonl.gz" }
    var digest: String { "\(base).digest.json" }

    private var base: String {
        let digits = String(index)
        return Self.prefix + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }

    /// What kind of segment file `fileName` is, if it is one.
    static func parse(_ fileName: String) -> (SegmentName, SegmentFileKind)? {
        guard fileName.hasPrefix(prefix) else { return nil }
        let rest = fileName.dropFirst(prefix.count)
        for kind in SegmentFileKind.allCases {
            if rest.hasSuffix(kind.suffix), let index = Int(rest.dropLast(kind.suffix.count)), index > 0 {
                return (SegmentName(index: index), kind)
            }
        }
        return nil
    }

    static func < (lhs: SegmentName, rhs: SegmentName) -> Bool { lhs.index < rhs.index }
}

enum SegmentFileKind: CaseIterable, Sendable {
    case open, compressed, digest

    var suffix: String {
        switch self {
        case .open: ".jsonl"
        case .compressed: ".jsonl.gz"
        case .digest: ".digest.json"
        }
    }
}
