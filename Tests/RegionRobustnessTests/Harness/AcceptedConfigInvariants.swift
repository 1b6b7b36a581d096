import RegionCore

/// Rules a configuration that `RegionsConfigLoader` accepted must satisfy, restated
/// independently of the validator: a mutated file that passes validation yet breaks one
/// of these is a validation gap ("nothing accepted that validation should refuse").
enum AcceptedConfigInvariants {
    static func violations(of config: RegionsConfig) -> [String] {
        regions(config) + geos(config) + health(config) + budget(config) + service(config) + tiers(config)
    }

    private static func regions(_ config: RegionsConfig) -> [String] {
        var problems: [String] = []
        let names = config.regions.map(\.name.rawValue)
        if names.isEmpty { problems.append("no regions") }
        if Set(names).count != names.count { problems.append("duplicate region names \(names)") }
        for region in config.regions {
            let name = region.name.rawValue
            if !(name.first.map { $0.isASCII && $0.isLetter && $0.isLowercase } ?? false)
                || !name.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }) {
                problems.append("region name '\(name)' is not a-z, 0-9, '-' starting with a letter")
            }
            if region.role == .witness && region.traffic != 0 { problems.append("witness \(name) has traffic \(region.traffic)") }
            if !(0...100).contains(region.traffic) { problems.append("region \(name) traffic \(region.traffic) outside 0...100") }
            let code = region.jurisdiction
            if code.count != 2 || !code.allSatisfy({ $0.isASCII && $0.isUppercase }) {
                problems.append("jurisdiction '\(code)' is not a two-letter code")
            }
        }
        let serving = config.servingRegions
        if serving.isEmpty { problems.append("no serving region") }
        if serving.reduce(0, { $0 + $1.traffic }) != 100 { problems.append("serving traffic does not add up to 100") }
        return problems
    }

    private static func geos(_ config: RegionsConfig) -> [String] {
        var problems: [String] = []
        let defaults = config.geos.filter(\.isDefault).count
        if defaults != 1 { problems.append("\(defaults) default geos instead of 1") }
        for geo in config.geos {
            if geo.preference.isEmpty { problems.append("geo \(geo.name) prefers no region") }
            if Set(geo.preference).count != geo.preference.count { problems.append("geo \(geo.name) lists a region twice") }
            for name in geo.preference {
                guard let region = config.region(name) else {
                    problems.append("geo \(geo.name) prefers unknown region \(name)")
                    continue
                }
                if !region.servesTraffic { problems.append("geo \(geo.name) prefers witness \(name)") }
            }
        }
        return problems
    }

    private static func health(_ config: RegionsConfig) -> [String] {
        let health = config.health
        var problems: [String] = []
        if health.failureThreshold < 1 { problems.append("failure_threshold \(health.failureThreshold) below 1") }
        if health.recoveryThreshold <= health.failureThreshold { problems.append("recovery_threshold not above failure_threshold") }
        if health.observationTTL <= health.gossipInterval * 2 { problems.append("observation_ttl not above two gossip rounds") }
        for (name, value) in [("interval", health.interval), ("timeout", health.timeout), ("gossip_interval", health.gossipInterval)]
        where value <= .zero {
            problems.append("health.\(name) is \(value)")
        }
        return problems
    }

    private static func budget(_ config: RegionsConfig) -> [String] {
        let budget = FailoverBudget(config: config)
        var problems: [String] = []
        if !budget.meetsDetectionObjective { problems.append("detection budget \(budget.detection) over the objective") }
        if !budget.meetsRerouteObjective { problems.append("reroute budget \(budget.reroute) over the objective") }
        return problems
    }

    private static func service(_ config: RegionsConfig) -> [String] {
        let service = config.service
        var problems: [String] = []
        if !service.zone.hasSuffix(".") { problems.append("zone '\(service.zone)' lacks the trailing dot") }
        if service.hostnames.isEmpty { problems.append("no hostnames") }
        for name in service.hostnames where !name.hasSuffix(".") || !(name == service.zone || name.hasSuffix("." + service.zone)) {
            problems.append("hostname '\(name)' not fully qualified inside '\(service.zone)'")
        }
        return problems
    }

    private static func tiers(_ config: RegionsConfig) -> [String] {
        var problems: [String] = []
        let tables = config.replicatedTables
        if Set(tables).count != tables.count { problems.append("a table belongs to two tiers: \(tables)") }
        for tier in config.tiers {
            if let objective = config.objectives.replicationLag[tier.name], tier.maxLag > objective {
                problems.append("tier \(tier.name) max_lag over its objective")
            }
            if tier.maxLag <= .zero { problems.append("tier \(tier.name) max_lag \(tier.maxLag)") }
        }
        let classes = Set(config.residency.classes.map(\.name))
        for (table, rule) in config.residency.tables {
            let named: [String] =
                switch rule {
                case .fixed(let className): [className]
                case .byColumn(_, let map, let fallback): Array(map.values) + (fallback.map { [$0] } ?? [])
                }
            for name in named where !classes.contains(name) { problems.append("table \(table) uses undeclared class \(name)") }
        }
        return problems
    }
}
