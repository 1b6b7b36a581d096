import RegionCore

/// Cross-border movements per residency class and destination: the table a compliance
/// report needs ("how much kr-personal data went where, and how much was stopped").
public struct ResidencySummary: Sendable, Hashable {
    /// One (class, destination) pair.
    public struct Key: Hashable, Sendable, Comparable {
        public let residencyClass: String
        public let destination: String

        public init(residencyClass: String, destination: String) {
            self.residencyClass = residencyClass
            self.destination = destination
        }

        public static func < (lhs: Key, rhs: Key) -> Bool {
            (lhs.residencyClass, lhs.destination) < (rhs.residencyClass, rhs.destination)
        }
    }

    /// Counts for one pair: records (events) and rows, per outcome.
    public struct Counts: Hashable, Sendable {
        public var transferEvents = 0
        public var transferredRows = 0
        public var transferredBytes = 0
        public var blockedEvents = 0
        public var blockedRows = 0
        public var rejectedEvents = 0
        public var rejectedRows = 0
    }

    public private(set) var rows: [Key: Counts] = [:]

    /// The kinds that describe data crossing (or being stopped at) a border.
    public static let countedKinds: Set<AuditEventKind> = [.transfer, .blocked, .rejected]

    public init() {}

    public init(_ records: some Sequence<AuditRecord>) {
        for record in records { add(record) }
    }

    /// Counts `record` if it is a transfer, block or rejection; other kinds are ignored.
    public mutating func add(_ record: AuditRecord) {
        guard Self.countedKinds.contains(record.kind) else { return }
        let key = Key(residencyClass: record.residencyClass ?? "(none)", destination: record.to?.rawValue ?? "(none)")
        var counts = rows[key] ?? Counts()
        switch record.kind {
        case .transfer:
            counts.transferEvents += 1
            counts.transferredRows += record.rows
            counts.transferredBytes += record.bytes
        case .blocked:
            counts.blockedEvents += 1
            counts.blockedRows += record.rows
        default:
            counts.rejectedEvents += 1
            counts.rejectedRows += record.rows
        }
        rows[key] = counts
    }

    /// Pairs sorted by class, then destination.
    public var sortedRows: [(key: Key, counts: Counts)] {
        rows.sorted { $0.key < $1.key }.map { (key: $0.key, counts: $0.value) }
    }
}
