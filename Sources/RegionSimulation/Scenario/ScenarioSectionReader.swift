import RegionCore

/// Reads the sections of a scenario that refer to the deployment (regions, tiers,
/// residency classes), checking every name against it.
struct ScenarioSectionReader {
    let config: RegionsConfig
    /// The scenario's length when it could be read; events after it are warned about.
    let duration: Duration?

    // MARK: Names

    func region(_ value: YAMLValue) -> RegionName? {
        guard let text = value.nonEmptyString() else { return nil }
        guard config.region(RegionName(text)) != nil else {
            value.error("unknown region '\(text)'; regions in the config: \(config.regions.map(\.name.rawValue).joined(separator: ", "))")
            return nil
        }
        return RegionName(text)
    }

    func regionKey(_ entry: YAMLMapping.Entry) -> RegionName? {
        guard config.region(RegionName(entry.key)) != nil else {
            entry.value.log.error(entry.keyLocation, "unknown region '\(entry.key)'; regions in the config: \(config.regions.map(\.name.rawValue).joined(separator: ", "))")
            return nil
        }
        return RegionName(entry.key)
    }

    func regionList(_ value: YAMLValue) -> [RegionName]? {
        guard let items = value.list() else { return nil }
        let regions = items.compactMap(region)
        return regions.count == items.count ? regions : nil
    }

    func probability(_ value: YAMLValue) -> Double? {
        guard let number = value.double() else { return nil }
        guard (0...1).contains(number) else {
            value.error("\(value.context) must be a share between 0 and 1, found \(number)")
            return nil
        }
        return number
    }

    /// A mix of named shares adding up to 1 (load classes, tiers).
    func shares(_ value: YAMLValue, known: [String], what: String) -> [(name: String, share: Double)]? {
        guard let mapping = value.mapping() else { return nil }
        var result: [(name: String, share: Double)] = []
        for entry in mapping.entries {
            guard known.contains(entry.key) else {
                mapping.log.error(entry.keyLocation, "unknown \(what) '\(entry.key)'; the config defines: \(known.joined(separator: ", "))")
                continue
            }
            if let share = probability(entry.value) { result.append((entry.key, share)) }
        }
        let total = result.reduce(0) { $0 + $1.share }
        if result.count == mapping.entries.count, !result.isEmpty, abs(total - 1) > 0.001 {
            value.error("the shares in \(value.context) must add up to 1, they add up to \(total)")
        }
        return result
    }

    // MARK: Sections

    func network(_ value: YAMLValue) -> NetworkSpec {
        var spec = NetworkSpec()
        guard let mapping = value.mapping(allowedKeys: ["latency", "default_latency", "jitter", "loss"]) else { return spec }
        if let latency = mapping["latency"]?.mapping() {
            for entry in latency.entries {
                let ends = entry.key.split(separator: "-", maxSplits: 1).map(String.init)
                guard ends.count == 2 else {
                    latency.log.error(entry.keyLocation, "a latency key names two regions as REGION-REGION, found '\(entry.key)'")
                    continue
                }
                let unknown = ends.filter { config.region(RegionName($0)) == nil }
                guard unknown.isEmpty else {
                    latency.log.error(entry.keyLocation, "unknown region '\(unknown[0])' in '\(entry.key)'; regions in the config: \(config.regions.map(\.name.rawValue).joined(separator: ", "))")
                    continue
                }
                if let duration = entry.value.duration() {
                    spec.latency[RegionPair(RegionName(ends[0]), RegionName(ends[1]))] = duration
                }
            }
        }
        if let latency = mapping.duration("default_latency") { spec.defaultLatency = latency }
        if let jitter = mapping.duration("jitter") { spec.jitter = jitter }
        if let loss = mapping["loss"].flatMap(probability) { spec.loss = loss }
        return spec
    }

    func dns(_ value: YAMLValue) -> DNSSpec {
        var spec = DNSSpec()
        if let mapping = value.mapping(allowedKeys: ["apply_delay"]), let delay = mapping.duration("apply_delay") {
            spec.applyDelay = delay
        }
        return spec
    }

    func load(_ value: YAMLValue) -> LoadSpec {
        var spec = LoadSpec()
        guard let mapping = value.mapping(allowedKeys: ["writes_per_second", "conflict_rate", "classes", "tiers", "keys"]) else {
            return spec
        }
        if let rates = mapping["writes_per_second"]?.mapping() {
            for entry in rates.entries {
                guard let region = regionKey(entry), let rate = entry.value.double() else { continue }
                guard rate >= 0 else {
                    entry.value.error("'\(entry.key)' must be a rate of 0 or more writes per second, found \(rate)")
                    continue
                }
                spec.writesPerSecond[region] = rate
            }
        }
        if let rate = mapping["conflict_rate"].flatMap(probability) { spec.conflictRate = rate }
        if let classes = mapping["classes"] {
            spec.classes = shares(classes, known: config.residency.classes.map(\.name), what: "residency class") ?? []
        }
        if let tiers = mapping["tiers"] {
            spec.tiers = shares(tiers, known: config.tiers.map(\.name), what: "tier") ?? []
        }
        if let keys = mapping.int("keys", in: 1...100_000_000) { spec.keysPerRegion = keys }
        return spec
    }

    func events(_ value: YAMLValue) -> [ScenarioEvent] {
        guard let items = value.list() else { return [] }
        return items.compactMap(event)
    }

    private static let eventKinds = ["region_down", "region_up", "partition", "dns_outage", "clock_skew", "drain", "undrain", "flap"]

    private func event(_ value: YAMLValue) -> ScenarioEvent? {
        guard let mapping = value.mapping(allowedKeys: ["at", "for"] + Self.eventKinds) else { return nil }
        let at = mapping.required("at")?.duration()
        let kinds = mapping.entries.filter { Self.eventKinds.contains($0.key) }
        guard kinds.count == 1, let entry = kinds.first else {
            value.error("\(value.context) must name exactly one of \(Self.eventKinds.joined(separator: ", ")), found \(kinds.count)")
            return nil
        }
        if let lasting = mapping.entry("for"), entry.key != "partition" {
            mapping.log.error(lasting.keyLocation, "'for' applies to a partition only; \(entry.key) has its own end (region_up, undrain, or the value itself)")
        }
        let kind: ScenarioEvent.Kind? =
            switch entry.key {
            case "region_down": region(entry.value).map(ScenarioEvent.Kind.regionDown)
            case "region_up": region(entry.value).map(ScenarioEvent.Kind.regionUp)
            case "drain": region(entry.value).map(ScenarioEvent.Kind.drain)
            case "undrain": region(entry.value).map(ScenarioEvent.Kind.undrain)
            case "dns_outage": entry.value.duration().map(ScenarioEvent.Kind.dnsOutage)
            case "partition": partition(entry.value, lasting: mapping["for"])
            case "clock_skew": clockSkew(entry.value)
            default: flap(entry.value)
            }
        guard let at, let kind else { return nil }
        if let duration, at > duration {
            value.warning("this event at \(ConfigDuration.format(at)) comes after the end of the scenario (\(ConfigDuration.format(duration))) and never happens")
        }
        return ScenarioEvent(at: at, kind: kind)
    }

    private func partition(_ value: YAMLValue, lasting: YAMLValue?) -> ScenarioEvent.Kind? {
        guard let groups = value.list() else { return nil }
        let regions = groups.map(regionList)
        guard groups.count >= 2 else {
            value.error("a partition needs at least two groups, e.g. [[seoul], [singapore, tokyo]]")
            return nil
        }
        let named = regions.compactMap { $0 }.flatMap { $0 }
        if Set(named).count != named.count { value.error("a region appears in more than one group of this partition") }
        let duration = lasting?.duration()
        if lasting != nil, duration == nil { return nil }
        guard regions.allSatisfy({ $0 != nil }) else { return nil }
        return .partition(groups: regions.compactMap { $0 }, lasting: duration)
    }

    private func clockSkew(_ value: YAMLValue) -> ScenarioEvent.Kind? {
        guard let mapping = value.mapping(allowedKeys: ["region", "offset"]) else { return nil }
        let target = mapping.required("region").flatMap(region)
        let offset = mapping.required("offset").flatMap(signedDuration)
        guard let target, let offset else { return nil }
        return .clockSkew(region: target, offset: offset)
    }

    private func flap(_ value: YAMLValue) -> ScenarioEvent.Kind? {
        guard let mapping = value.mapping(allowedKeys: ["region", "down", "up", "for"]) else { return nil }
        let target = mapping.required("region").flatMap(region)
        let down = mapping.required("down").flatMap(positiveDuration)
        let up = mapping.required("up").flatMap(positiveDuration)
        let lasting = mapping.required("for").flatMap(positiveDuration)
        guard let target, let down, let up, let lasting else { return nil }
        return .flap(region: target, down: down, up: up, lasting: lasting)
    }

    private func positiveDuration(_ value: YAMLValue) -> Duration? {
        guard let duration = value.duration() else { return nil }
        guard duration > .zero else {
            value.error("\(value.context) must be longer than 0s")
            return nil
        }
        return duration
    }

    /// A duration that may be negative (`-2s`: the clock runs behind).
    private func signedDuration(_ value: YAMLValue) -> Duration? {
        guard let text = value.scalarText, text.hasPrefix("-") else { return value.duration() }
        guard let magnitude = ConfigDuration.parse(String(text.dropFirst())) else { return value.duration() }
        return .zero - magnitude
    }

    // MARK: Expectations

    func expectations(_ value: YAMLValue) -> [Expectation] {
        let allowed = MetricName.allCases.map(\.rawValue) + ["failed_over", "never_failed_over", "converged", "lag_p99_s"]
        guard let mapping = value.mapping(allowedKeys: allowed) else { return [] }
        var result: [Expectation] = []
        for entry in mapping.entries {
            if let metric = MetricName(rawValue: entry.key) {
                if let (min, max) = bound(entry.value) {
                    result.append(Expectation(name: entry.key, requirement: .bound(metric: metric, min: min, max: max)))
                }
                continue
            }
            switch entry.key {
            case "failed_over":
                if let regions = regionList(entry.value) {
                    result.append(Expectation(name: entry.key, requirement: .failedOverExactly(Set(regions))))
                }
            case "never_failed_over":
                if let regions = regionList(entry.value) {
                    result.append(Expectation(name: entry.key, requirement: .neverFailedOver(Set(regions))))
                }
            case "converged":
                if let flag = entry.value.bool() { result.append(Expectation(name: entry.key, requirement: .converged(flag))) }
            case "lag_p99_s":
                result += tierLags(entry.value)
            default:
                break
            }
        }
        return result
    }

    /// `{ max: 30 }`, `{ min: 1, max: 3 }`, or a bare number meaning exactly that value.
    private func bound(_ value: YAMLValue) -> (Double?, Double?)? {
        if value.scalarText != nil {
            guard let exact = value.double() else { return nil }
            return (exact, exact)
        }
        guard let mapping = value.mapping(allowedKeys: ["min", "max"]) else { return nil }
        let min = mapping["min"]?.double()
        let max = mapping["max"]?.double()
        guard min != nil || max != nil else {
            value.error("\(value.context) needs 'max', 'min' or both, e.g. { max: 30 }")
            return nil
        }
        if let min, let max, min > max { value.error("\(value.context) has 'min' \(min) above 'max' \(max)") }
        return (min, max)
    }

    private func tierLags(_ value: YAMLValue) -> [Expectation] {
        guard let mapping = value.mapping() else { return [] }
        return mapping.entries.compactMap { entry in
            guard config.tiers.contains(where: { $0.name == entry.key }) else {
                mapping.log.error(entry.keyLocation, "unknown tier '\(entry.key)'; the config defines: \(config.tiers.map(\.name).joined(separator: ", "))")
                return nil
            }
            guard let limits = entry.value.mapping(allowedKeys: ["max"]), let max = limits.required("max")?.double() else { return nil }
            return Expectation(name: "lag_p99_s.\(entry.key)", requirement: .tierLag(tier: entry.key, max: max))
        }
    }
}
