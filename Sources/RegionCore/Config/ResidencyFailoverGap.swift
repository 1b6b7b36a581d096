/// Users of a geo who, when served by `region`, cannot see rows of a residency class
/// that `region` may not hold: the cost of a failover in personal data.
public struct ResidencyFailoverGap: Sendable, Equatable {
    public var geo: String
    public var region: RegionName
    /// Position of `region` in the geo's preference: 0 means it serves them even when
    /// nothing is down.
    public var rank: Int
    public var residencyClass: String
    /// Tables whose rows for these users carry `residencyClass`, in tier order.
    public var tables: [String]
    /// Where `residencyClass` may be stored.
    public var allowedRegions: [RegionName]

    public init(geo: String, region: RegionName, rank: Int, residencyClass: String, tables: [String], allowedRegions: [RegionName]) {
        self.geo = geo
        self.region = region
        self.rank = rank
        self.residencyClass = residencyClass
        self.tables = tables
        self.allowedRegions = allowedRegions
    }

    /// Finds every gap in `config`, in geo then preference order.
    ///
    /// A geo's users are assumed to carry the classes their countries map to. Fixed-class
    /// tables count for everyone; column rules count when their map is keyed by country
    /// codes (a rule keyed by, say, a tenant's home region says nothing about where a user
    /// connects from). The default geo stands for every country no other geo lists.
    public static func gaps(in config: RegionsConfig) -> [ResidencyFailoverGap] {
        let listedCountries = Set(config.geos.filter { !$0.isDefault }.flatMap(\.countries))
        return config.geos.flatMap { geo -> [ResidencyFailoverGap] in
            let classTables = classesOfUsers(in: geo, listedElsewhere: listedCountries, config: config)
            return geo.preference.enumerated().flatMap { rank, region in
                classTables.compactMap { className, tables -> ResidencyFailoverGap? in
                    guard let residencyClass = config.residency.residencyClass(named: className),
                        !residencyClass.allowedRegions.contains(region)
                    else { return nil }
                    let allowed = config.regions.map(\.name).filter(residencyClass.allowedRegions.contains)
                    return ResidencyFailoverGap(
                        geo: geo.name, region: region, rank: rank, residencyClass: className, tables: tables, allowedRegions: allowed)
                }
            }
        }
    }

    /// Each class the geo's users' rows may carry, with the tables that give it, in class
    /// declaration order.
    private static func classesOfUsers(
        in geo: GeoConfig, listedElsewhere: Set<String>, config: RegionsConfig
    ) -> [(String, [String])] {
        var tablesByClass: [String: [String]] = [:]
        for table in config.replicatedTables {
            for className in classes(of: table, geo: geo, listedElsewhere: listedElsewhere, config: config)
            where tablesByClass[className]?.contains(table) != true {
                tablesByClass[className, default: []].append(table)
            }
        }
        return config.residency.classes.compactMap { residencyClass in
            tablesByClass[residencyClass.name].map { (residencyClass.name, $0) }
        }
    }

    private static func classes(of table: String, geo: GeoConfig, listedElsewhere: Set<String>, config: RegionsConfig) -> Set<String> {
        switch config.residency.tables[table] {
        case .fixed(let className)?:
            return [className]
        case .byColumn(_, let map, let defaultClass)?:
            let countryKeyed = map.keys.contains { Jurisdictions.isCountryCode($0) && $0 != Jurisdictions.europeanUnionCode }
            guard countryKeyed else { return [] }
            if geo.isDefault {
                let unlisted = map.filter { country, _ in
                    Jurisdictions.isCountryCode(country) && country != Jurisdictions.europeanUnionCode
                        && !listedElsewhere.contains(country)
                }
                return Set(unlisted.values).union(defaultClass.map { [$0] } ?? [])
            }
            var found = Set(geo.countries.compactMap { map[$0] ?? defaultClass })
            if geo.countries.isEmpty, let defaultClass { found.insert(defaultClass) }
            return found
        case nil:
            return []
        }
    }
}
