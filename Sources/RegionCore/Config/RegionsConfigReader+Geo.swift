extension RegionsConfigReader {
    static let geoKeys = ["name", "countries", "continents", "nets", "prefer", "weights", "default"]

    func readGeos(_ node: YAMLValue?) -> [GeoConfig] {
        guard let items = node?.list() else { return [] }
        var names: Set<String> = []
        var countryOwners: [String: String] = [:]
        var geos: [GeoConfig] = []
        for item in items {
            guard let geo = readGeo(item) else { continue }
            if !names.insert(geo.name).inserted {
                log.error(sourceMap.location("geo.\(geo.name).name"), "geo '\(geo.name)' is declared twice; geo names must be unique")
                continue
            }
            for country in geo.countries where !geo.isDefault {
                if let owner = countryOwners[country] {
                    log.error(
                        sourceMap.location("geo.\(geo.name).countries"),
                        "country \(country) is already in geo '\(owner)'; a country belongs to one geo")
                } else {
                    countryOwners[country] = geo.name
                }
            }
            geos.append(geo)
        }
        checkDefaults(geos)
        return geos
    }

    private func checkDefaults(_ geos: [GeoConfig]) {
        let defaults = geos.filter(\.isDefault)
        if defaults.isEmpty {
            log.error(
                sourceMap.location("geo"),
                "no geo has 'default: true'; users outside every geo would get no answer, so mark one geo as the default")
        }
        for extra in defaults.dropFirst() {
            log.error(
                sourceMap.location("geo.\(extra.name).default"),
                "geo '\(extra.name)' is a second default (the first is '\(defaults[0].name)'); exactly one geo may be the default")
        }
    }

    private func readGeo(_ item: YAMLValue) -> GeoConfig? {
        guard let map = item.mapping(allowedKeys: Self.geoKeys),
            let name = map.required("name")?.nonEmptyString()
        else { return nil }
        let path = "geo.\(name)"
        note("\(path).name", map.entry("name")?.value.location ?? item.location)
        let isDefault = value(map, "default", path: "\(path).default", fallback: false) { $0.bool() }
        let countries = value(map, "countries", path: "\(path).countries", fallback: []) { readCountries($0) }
        let continents = value(map, "continents", path: "\(path).continents", fallback: [], readContinents)
        let networks = value(map, "nets", path: "\(path).nets", fallback: [], readNetworks)
        if !isDefault, countries.isEmpty, continents.isEmpty, networks.isEmpty {
            log.error(map.location, "geo '\(name)' matches nobody; give it countries, continents or nets, or make it the default")
        }
        let preference = value(map, "prefer", path: "\(path).prefer", required: true, fallback: []) {
            readPreference($0, geo: name)
        }
        let weights = value(map, "weights", path: "\(path).weights", fallback: [:]) {
            readWeights($0, geo: name, preference: preference)
        }
        return GeoConfig(
            name: name, countries: countries, continents: continents, networks: networks, preference: preference,
            weights: weights, isDefault: isDefault, location: item.location)
    }

    /// Country codes, with `EU` expanded to every member state (order kept, duplicates dropped).
    private func readCountries(_ node: YAMLValue) -> [String]? {
        guard let items = node.list() else { return nil }
        var seen: Set<String> = []
        var countries: [String] = []
        for item in items {
            guard let code = item.string() else { continue }
            if code == Jurisdictions.europeanUnionCode {
                for member in Jurisdictions.europeanUnion.sorted() where seen.insert(member).inserted { countries.append(member) }
            } else if let country = readCountryCode(item), seen.insert(country).inserted {
                countries.append(country)
            }
        }
        return countries
    }

    private func readContinents(_ node: YAMLValue) -> [String]? {
        node.list()?.compactMap { item in
            guard let code = item.string() else { return nil }
            guard Jurisdictions.continents.contains(code) else {
                let accepted = Jurisdictions.continents.sorted().joined(separator: ", ")
                item.error("continent '\(code)' is not one of \(accepted)")
                return nil
            }
            return code
        }
    }

    private func readNetworks(_ node: YAMLValue) -> [String]? {
        node.list()?.compactMap { item in
            guard let text = item.string() else { return nil }
            if let problem = NetworkNotation.cidrProblem(text) {
                item.error(problem)
                return nil
            }
            return text
        }
    }

    private func readPreference(_ node: YAMLValue, geo: String) -> [RegionName]? {
        guard let items = node.list() else { return nil }
        if items.isEmpty { node.error("geo '\(geo)' must prefer at least one region") }
        var preference: [RegionName] = []
        for item in items {
            guard let text = item.string() else { continue }
            let name = RegionName(text)
            note("geo.\(geo).prefer.\(name)", item.location)
            guard let region = regionsByName[name] else {
                item.error("geo '\(geo)' prefers unknown region '\(text)'; known regions: \(knownRegionList)")
                continue
            }
            guard region.servesTraffic else {
                item.error("geo '\(geo)' prefers '\(text)', a witness that serves no traffic; give it a serving role first")
                continue
            }
            guard !preference.contains(name) else {
                item.error("geo '\(geo)' lists '\(text)' twice")
                continue
            }
            preference.append(name)
        }
        return preference
    }

    private func readWeights(_ node: YAMLValue, geo: String, preference: [RegionName]) -> [RegionName: Int]? {
        guard let map = node.mapping() else { return nil }
        var weights: [RegionName: Int] = [:]
        for entry in map.entries {
            let name = RegionName(entry.key)
            guard regionsByName[name] != nil else {
                log.error(entry.keyLocation, "geo '\(geo)' weights unknown region '\(entry.key)'; known regions: \(knownRegionList)")
                continue
            }
            guard preference.contains(name) else {
                log.error(entry.keyLocation, "geo '\(geo)' weights '\(entry.key)', which is not in its 'prefer' list")
                continue
            }
            if let weight = entry.value.int(in: 0...1000) { weights[name] = weight }
        }
        return weights
    }

    var knownRegionList: String {
        regionsByName.values.sorted { ($0.location?.line ?? 0) < ($1.location?.line ?? 0) }.map(\.name.rawValue)
            .joined(separator: ", ")
    }
}
