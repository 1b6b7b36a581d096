import RegionCore

/// The `overrides:` section: deployment settings a scenario changes without editing
/// regions.yaml (a shorter TTL, a region that launches, a slower health check...).
enum ScenarioOverrides {
    static let keys = ["ttl", "health", "regions", "geos", "tiers"]

    static func apply(_ value: YAMLValue, to config: inout RegionsConfig) {
        guard let mapping = value.mapping(allowedKeys: keys) else { return }
        if let ttl = positiveDuration(mapping, "ttl") { config.service.ttl = ttl }
        if let health = mapping["health"] {
            applyHealth(health, to: &config.health)
            checkHysteresis(config.health, at: health)
        }
        if let regions = mapping["regions"]?.mapping() {
            for entry in regions.entries { applyRegion(entry, to: &config) }
        }
        if let geos = mapping["geos"]?.mapping() {
            for entry in geos.entries { applyGeo(entry, to: &config) }
        }
        if let tiers = mapping["tiers"]?.mapping() {
            for entry in tiers.entries { applyTier(entry, to: &config) }
        }
        checkPreferredRegionsServe(config, at: value)
    }

    // MARK: Rules regions.yaml enforces, re-checked on the overridden deployment

    /// A zero duration would make the simulated agent probe, gossip or batch in a loop that
    /// never advances the clock; regions.yaml refuses it too.
    private static func positiveDuration(_ mapping: YAMLMapping, _ key: String) -> Duration? {
        guard let value = mapping[key], let duration = value.duration() else { return nil }
        guard duration > .zero else {
            value.error("'\(key)' must be longer than 0s")
            return nil
        }
        return duration
    }

    private static func checkHysteresis(_ health: HealthSettings, at value: YAMLValue) {
        if health.recoveryThreshold <= health.failureThreshold {
            value.error("recovery_threshold \(health.recoveryThreshold) must be larger than failure_threshold \(health.failureThreshold) after the overrides, as in regions.yaml")
        }
        if health.observationTTL <= health.gossipInterval * 2 {
            value.error("observation_ttl \(ConfigDuration.format(health.observationTTL)) must exceed two gossip rounds (\(ConfigDuration.format(health.gossipInterval * 2))) after the overrides, as in regions.yaml")
        }
    }

    /// A role override can turn a preferred region into a witness, which serves no traffic.
    private static func checkPreferredRegionsServe(_ config: RegionsConfig, at value: YAMLValue) {
        for geo in config.geos {
            for name in geo.preference where config.region(name)?.servesTraffic == false {
                value.error("geo '\(geo.name)' prefers '\(name)', a witness after the overrides; override its role or the geo's preference too")
            }
        }
    }

    private static func applyHealth(_ value: YAMLValue, to health: inout HealthSettings) {
        let allowed = [
            "interval", "timeout", "failure_threshold", "recovery_threshold", "flap_threshold", "flap_window",
            "stable_for", "gossip_interval", "observation_ttl",
        ]
        guard let mapping = value.mapping(allowedKeys: allowed) else { return }
        if let v = positiveDuration(mapping, "interval") { health.interval = v }
        if let v = positiveDuration(mapping, "timeout") { health.timeout = v }
        if let v = mapping.int("failure_threshold", in: 1...100) { health.failureThreshold = v }
        if let v = mapping.int("recovery_threshold", in: 1...100) { health.recoveryThreshold = v }
        if let v = mapping.int("flap_threshold", in: 1...100) { health.flapThreshold = v }
        if let v = positiveDuration(mapping, "flap_window") { health.flapWindow = v }
        if let v = positiveDuration(mapping, "stable_for") { health.stableFor = v }
        if let v = positiveDuration(mapping, "gossip_interval") { health.gossipInterval = v }
        if let v = positiveDuration(mapping, "observation_ttl") { health.observationTTL = v }
    }

    private static func applyRegion(_ entry: YAMLMapping.Entry, to config: inout RegionsConfig) {
        guard let index = config.regions.firstIndex(where: { $0.name.rawValue == entry.key }) else {
            entry.value.log.error(entry.keyLocation, "unknown region '\(entry.key)'; overrides change regions of the config: \(config.regions.map(\.name.rawValue).joined(separator: ", "))")
            return
        }
        guard let mapping = entry.value.mapping(allowedKeys: ["role", "traffic"]) else { return }
        if let role = mapping["role"]?.choice(RegionRole.self) { config.regions[index].role = role }
        if let traffic = mapping.int("traffic", in: 0...100) { config.regions[index].traffic = traffic }
    }

    private static func applyGeo(_ entry: YAMLMapping.Entry, to config: inout RegionsConfig) {
        guard let index = config.geos.firstIndex(where: { $0.name == entry.key }) else {
            entry.value.log.error(entry.keyLocation, "unknown geo '\(entry.key)'; the config defines: \(config.geos.map(\.name).joined(separator: ", "))")
            return
        }
        guard let mapping = entry.value.mapping(allowedKeys: ["preference"]), let list = mapping["preference"]?.list() else { return }
        var preference: [RegionName] = []
        for item in list {
            guard let name = item.nonEmptyString() else { continue }
            guard config.region(RegionName(name)) != nil else {
                item.error("unknown region '\(name)'; regions in the config: \(config.regions.map(\.name.rawValue).joined(separator: ", "))")
                continue
            }
            preference.append(RegionName(name))
        }
        if list.isEmpty { mapping["preference"]?.error("geo '\(entry.key)' must prefer at least one region") }
        config.geos[index].preference = preference
    }

    private static func applyTier(_ entry: YAMLMapping.Entry, to config: inout RegionsConfig) {
        guard let index = config.tiers.firstIndex(where: { $0.name == entry.key }) else {
            entry.value.log.error(entry.keyLocation, "unknown tier '\(entry.key)'; the config defines: \(config.tiers.map(\.name).joined(separator: ", "))")
            return
        }
        guard let mapping = entry.value.mapping(allowedKeys: ["max_lag", "batch_window", "max_batch_rows"]) else { return }
        if let v = positiveDuration(mapping, "max_lag") { config.tiers[index].maxLag = v }
        if let v = positiveDuration(mapping, "batch_window") { config.tiers[index].batchWindow = v }
        if let v = mapping.int("max_batch_rows", in: 1...10_000_000) { config.tiers[index].maxBatchRows = v }
    }
}
