/// Which retention rules of regions.yaml apply to one table in one region.
///
/// A rule applies by table, by the tier the table rides in, or by residency class (then only
/// to the rows of that class). When several apply, each is enforced, so the shortest wins
/// for the rows it covers.
public struct RetentionPlan: Hashable, Sendable {
    /// One rule's reach in a table: rows older than `keep`, of `className` or of any class.
    public struct Scope: Hashable, Sendable {
        public var keep: Duration
        public var className: String?
        public var filter: ClassRowFilter

        public func cutoff(now: Timestamp) -> HLC {
            HLC(physicalMilliseconds: (now - keep).milliseconds)
        }
    }

    public var table: String
    public var scopes: [Scope]

    public init(config: RegionsConfig, region: RegionName, table: String) {
        self.table = table
        let tier = config.tier(ofTable: table)?.name
        scopes = config.retention.filter { $0.region == region }.compactMap { rule -> Scope? in
            if let ruleTable = rule.table, ruleTable != table { return nil }
            if let ruleTier = rule.tier, ruleTier != tier { return nil }
            let filter = rule.residencyClass.map {
                ClassRowFilter(table: table, residency: config.residency, classes: [$0])
            } ?? .everyRow
            return Scope(keep: rule.keep, className: rule.residencyClass, filter: filter)
        }
    }

    /// The age below which no scope purges anything; nil when the table keeps rows forever.
    public var shortestKeep: Duration? { scopes.map(\.keep).min() }

    /// Rows older than this may already be purged by retention in either region, so the
    /// integrity check leaves them out; nil when neither region purges the table.
    public static func comparisonFloor(config: RegionsConfig, regions: [RegionName], table: String, now: Timestamp) -> HLC? {
        let keeps = regions.compactMap { RetentionPlan(config: config, region: $0, table: table).shortestKeep }
        return keeps.min().map { HLC(physicalMilliseconds: (now - $0).milliseconds) }
    }
}
