extension RegionsConfigReader {
    func readResidency(_ node: YAMLValue?, regions: [RegionConfig]) -> ResidencyConfig {
        let map = node?.mapping(allowedKeys: ["classes", "tables"])
        let classes = value(map, "classes", path: "residency.classes", required: true, fallback: []) {
            readClasses($0, regions: regions)
        }
        let tables = value(map, "tables", path: "residency.tables", required: true, fallback: [:], readTableRules)
        if !incomplete.contains("residency.tables") {
            for (table, tier) in tableTiers.sorted(by: { $0.key < $1.key }) where !ruledTables.contains(table) {
                log.error(
                    sourceMap.location("tiers.table.\(table)"),
                    "table '\(table)' in tier '\(tier)' has no residency rule; add it under residency.tables (until then none of its rows are shipped)")
            }
        }
        return ResidencyConfig(classes: classes, tables: tables)
    }

    private func readClasses(_ node: YAMLValue, regions: [RegionConfig]) -> [ResidencyClass]? {
        guard let map = node.mapping() else { return nil }
        return map.entries.compactMap { entry in
            note("residency.class.\(entry.key)", entry.keyLocation)
            guard let allowed = readClassRegions(entry.value, className: entry.key, regions: regions) else {
                classNames.insert(entry.key)
                return nil
            }
            classNames.insert(entry.key)
            if allowed.isEmpty {
                log.warning(entry.keyLocation, "residency class '\(entry.key)' allows no region of this deployment; its rows are never shipped")
            }
            return ResidencyClass(name: entry.key, allowedRegions: allowed, location: entry.keyLocation)
        }
    }

    private func readClassRegions(_ node: YAMLValue, className: String, regions: [RegionConfig]) -> Set<RegionName>? {
        guard let map = node.mapping(allowedKeys: ["regions", "jurisdictions", "anywhere"]) else { return nil }
        guard map.entries.count == 1, let entry = map.entries.first else {
            log.error(map.location, "residency class '\(className)' needs exactly one of 'regions', 'jurisdictions' or 'anywhere: true'")
            return nil
        }
        switch entry.key {
        case "anywhere":
            guard let anywhere = entry.value.bool() else { return nil }
            guard anywhere else {
                entry.value.error("'anywhere' can only be true; list 'regions' or 'jurisdictions' to restrict a class")
                return nil
            }
            return Set(regions.map(\.name))
        case "regions":
            return Set(entry.value.list()?.compactMap { item -> RegionName? in
                guard let text = item.string() else { return nil }
                guard regionsByName[RegionName(text)] != nil else {
                    item.error("residency class '\(className)' names unknown region '\(text)'; known regions: \(knownRegionList)")
                    return nil
                }
                return RegionName(text)
            } ?? [])
        default:
            let countries = entry.value.list()?.reduce(into: Set<String>()) { countries, item in
                guard let code = item.string() else { return }
                if code == Jurisdictions.europeanUnionCode || readCountryCode(item) != nil {
                    countries.formUnion(Jurisdictions.jurisdictions(for: code))
                }
            }
            guard let countries else { return nil }
            return Set(regions.filter { countries.contains($0.jurisdiction) }.map(\.name))
        }
    }

    private func readTableRules(_ node: YAMLValue) -> [String: TableResidency]? {
        guard let map = node.mapping() else { return nil }
        var rules: [String: TableResidency] = [:]
        for entry in map.entries {
            note("residency.table.\(entry.key)", entry.keyLocation)
            ruledTables.insert(entry.key)
            if tableTiers[entry.key] == nil {
                log.warning(entry.keyLocation, "residency rule for table '\(entry.key)', which no tier replicates")
            }
            if let rule = readTableRule(entry.value, table: entry.key) { rules[entry.key] = rule }
        }
        return rules
    }

    private func readTableRule(_ node: YAMLValue, table: String) -> TableResidency? {
        guard let map = node.mapping(allowedKeys: ["class", "column", "map", "default"]) else { return nil }
        if let fixed = map["class"] {
            if map["column"] != nil || map["map"] != nil || map["default"] != nil {
                log.error(map.location, "table '\(table)' has a fixed 'class'; remove 'column', 'map' and 'default', or drop 'class'")
            }
            return readClassName(fixed).map { .fixed(className: $0) }
        }
        guard let columnNode = map["column"] else {
            log.error(map.location, "table '\(table)' needs 'class: NAME' or 'column:' with a 'map' of values to classes")
            return nil
        }
        guard let column = readTableName(columnNode), let mapping = map.required("map")?.mapping() else { return nil }
        var valueClasses: [String: String] = [:]
        var groupClasses: [String: String] = [:]
        for entry in mapping.entries {
            guard let className = readClassName(entry.value) else { continue }
            if entry.key == Jurisdictions.europeanUnionCode {
                for member in Jurisdictions.europeanUnion { groupClasses[member] = className }
            }
            valueClasses[entry.key] = className
        }
        let defaultClass = map["default"].flatMap { readClassName($0) }
        return .byColumn(column: column, map: groupClasses.merging(valueClasses) { _, explicit in explicit }, default: defaultClass)
    }

    private func readClassName(_ node: YAMLValue) -> String? {
        guard let name = node.nonEmptyString() else { return nil }
        guard classNames.contains(name) else {
            let known = classNames.sorted().joined(separator: ", ")
            node.error("unknown residency class '\(name)'; declared classes: \(known)")
            return nil
        }
        return name
    }
}
