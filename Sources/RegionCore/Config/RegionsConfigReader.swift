/// Walks the YAML tree of regions.yaml and builds the model, recording every problem in
/// the log and where each part was written in the source map.
///
/// Sections are read in dependency order (regions before the geos and residency classes
/// that name them), whatever order the file lists them in. A value that cannot be read is
/// replaced by a neutral fallback so reading goes on; `incomplete` remembers such paths so
/// whole-model checks do not pile follow-up errors onto the real one.
final class RegionsConfigReader {
    static let topLevelKeys = [
        "service", "objectives", "health", "dns", "regions", "geo", "tiers", "residency",
        "retention", "integrity", "replication", "security",
    ]

    let log: DiagnosticLog
    private(set) var sourceMap: ConfigSourceMap
    private(set) var incomplete: Set<String> = []
    /// Filled while reading `regions`, consulted by every later section.
    var regionsByName: [RegionName: RegionConfig] = [:]
    var tierNames: Set<String> = []
    var tableTiers: [String: String] = [:]
    var classNames: Set<String> = []
    /// Tables with a residency rule, readable or not (a broken rule is its own error).
    var ruledTables: Set<String> = []

    init(log: DiagnosticLog, file: String) {
        self.log = log
        sourceMap = ConfigSourceMap(file: file)
    }

    func read(_ root: YAMLValue) -> RegionsConfig {
        let top = root.mapping(allowedKeys: Self.topLevelKeys)
        func section(_ key: String, required: Bool) -> YAMLValue? {
            guard let top else { return nil }
            if let entry = top.entry(key) { note(key, entry.keyLocation) }
            return required ? top.required(key) : top[key]
        }
        let objectives = readObjectives(section("objectives", required: false))
        let service = readService(section("service", required: true))
        let health = readHealth(section("health", required: false))
        let dns = readDNS(section("dns", required: true))
        let regions = readRegions(section("regions", required: true))
        let tiers = readTiers(section("tiers", required: true), objectives: objectives)
        let residency = readResidency(section("residency", required: true), regions: regions)
        let geos = readGeos(section("geo", required: true))
        let retention = readRetention(section("retention", required: false))
        return RegionsConfig(
            service: service, objectives: objectives, health: health, dns: dns, regions: regions, geos: geos,
            tiers: tiers, residency: residency, retention: retention,
            integrity: readIntegrity(section("integrity", required: false)),
            replication: readReplication(section("replication", required: false)),
            security: readSecurity(section("security", required: false))
        )
    }

    // MARK: Helpers shared by the section readers

    func note(_ path: String, _ location: SourceLocation) { sourceMap[path] = location }

    /// Reads `key` of `mapping` with `read`, recording its location under `path`; returns
    /// `fallback` (and marks `path` incomplete) when absent-but-required or unreadable.
    func value<T>(
        _ mapping: YAMLMapping?, _ key: String, path: String, required: Bool = false, fallback: T,
        _ read: (YAMLValue) -> T?
    ) -> T {
        guard let mapping else {
            incomplete.insert(path)
            return fallback
        }
        guard let node = required ? mapping.required(key) : mapping[key] else {
            if required { incomplete.insert(path) }
            return fallback
        }
        note(path, node.location)
        guard let result = read(node) else {
            incomplete.insert(path)
            return fallback
        }
        return result
    }

    /// A duration that must be greater than zero.
    func positiveDuration(_ node: YAMLValue) -> Duration? {
        guard let duration = node.duration() else { return nil }
        guard duration > .zero else {
            node.error("\(node.context) must be longer than 0s")
            return nil
        }
        return duration
    }

    func markIncomplete(_ path: String) { incomplete.insert(path) }
}
