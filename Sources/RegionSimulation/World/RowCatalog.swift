import RegionCore

/// The simulated rows: which table and column values make a row of a given residency class
/// and tier (found by asking the real `ResidencyPolicy`), and the key space.
///
/// Keys are compact integers laid out as (home region, class, tier, number), so a write
/// picks its class and tier from the scenario's mix and then a key, and the key alone
/// tells its template: stores and cohorts hold integers, never strings.
struct RowCatalog {
    /// A (table, values) pair the policy classifies as one class.
    struct Template {
        let classIndex: Int
        let tierIndex: Int
        let table: String
        let values: RowValues
        let className: String
        let bytes: Int
    }

    let classNames: [String]
    let tierNames: [String]
    /// Indexed by `classIndex * tiers + tierIndex`; nil when no table can hold the class.
    let templates: [Template?]
    let keysPerBucket: Int
    let keyCount: Int
    /// `[templateIndex][region]`: whether the policy lets the region hold the template's class.
    let mayHold: [[Bool]]
    /// `[templateIndex]`: the wire size of one row, nil when no table can hold the class
    /// (read per write, where copying a whole `Template` would cost more than the write).
    let rowBytes: [Int?]

    init(config: RegionsConfig, policy: ResidencyPolicy, classNames: [String], homes: Int, keysPerRegion: Int) {
        self.classNames = classNames
        tierNames = config.tiers.map(\.name)
        let buckets = max(1, classNames.count * config.tiers.count)
        keysPerBucket = max(1, keysPerRegion / buckets)
        var templates: [Template?] = []
        for (classIndex, className) in classNames.enumerated() {
            for (tierIndex, tier) in config.tiers.enumerated() {
                let candidates = tier.tables + config.replicatedTables.filter { !tier.tables.contains($0) }
                let found = candidates.lazy.compactMap { table in
                    Self.values(table: table, className: className, config: config, policy: policy).map { (table, $0) }
                }.first
                templates.append(found.map { table, values in
                    Template(
                        classIndex: classIndex, tierIndex: tierIndex, table: table, values: values, className: className,
                        bytes: table.utf8.count + values.estimatedBytes + 48)
                })
            }
        }
        self.templates = templates
        keyCount = homes * buckets * keysPerBucket
        rowBytes = templates.map { $0?.bytes }
        mayHold = templates.map { template in
            config.voterNames.map { region in template.map { policy.allows(className: $0.className, region: region) } ?? false }
        }
    }

    func template(classIndex: Int, tierIndex: Int) -> Template? {
        templates[classIndex * tierNames.count + tierIndex]
    }

    func key(home: Int, classIndex: Int, tierIndex: Int, number: Int) -> Int {
        ((home * classNames.count + classIndex) * tierNames.count + tierIndex) * keysPerBucket + number
    }

    /// Index into `templates` of the key's (class, tier) bucket.
    func templateIndex(ofKey key: Int) -> Int {
        (key / keysPerBucket) % (classNames.count * tierNames.count)
    }

    func template(ofKey key: Int) -> Template? { templates[templateIndex(ofKey: key)] }

    /// Column values that make a row of `table` fall in `className`, confirmed by the policy.
    private static func values(table: String, className: String, config: RegionsConfig, policy: ResidencyPolicy) -> RowValues? {
        var candidates: [RowValues] = []
        switch config.residency.tables[table] {
        case .fixed(let fixed)?:
            if fixed == className { candidates.append(["payload": "simulated"]) }
        case .byColumn(let column, let map, let fallback)?:
            for (value, mapped) in map.sorted(by: { $0.key < $1.key }) where mapped == className {
                candidates.append([column: value == "EU" ? "DE" : value, "payload": "simulated"])
            }
            if fallback == className { candidates.append([column: "ZZ", "payload": "simulated"]) }
        case nil:
            return nil
        }
        return candidates.first { policy.classify(table: table, row: $0) == .classified(className) }
    }
}
