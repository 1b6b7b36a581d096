extension RegionsConfigReader {
    func readObjectives(_ node: YAMLValue?) -> Objectives {
        let defaults = Objectives()
        let map = node?.mapping(allowedKeys: ["detection", "reroute", "replication_lag"])
        var lags = defaults.replicationLag
        if let lagNode = map?["replication_lag"], let lagMap = lagNode.mapping() {
            lags = [:]
            for entry in lagMap.entries {
                note("objectives.replication_lag.\(entry.key)", entry.value.location)
                if let lag = positiveDuration(entry.value) { lags[entry.key] = lag }
            }
        }
        return Objectives(
            detection: value(map, "detection", path: "objectives.detection", fallback: defaults.detection, positiveDuration),
            reroute: value(map, "reroute", path: "objectives.reroute", fallback: defaults.reroute, positiveDuration),
            replicationLag: lags
        )
    }

    func readService(_ node: YAMLValue?) -> ServiceConfig {
        let map = node?.mapping(allowedKeys: ["zone", "hostnames", "ttl"])
        let zone = value(map, "zone", path: "service.zone", required: true, fallback: "", readZone)
        let hostnames = value(map, "hostnames", path: "service.hostnames", required: true, fallback: []) { list in
            readHostnames(list, zone: zone)
        }
        let ttl = value(map, "ttl", path: "service.ttl", required: true, fallback: .zero, positiveDuration)
        return ServiceConfig(zone: zone, hostnames: hostnames, ttl: ttl)
    }

    private func readZone(_ node: YAMLValue) -> String? {
        guard let zone = node.nonEmptyString() else { return nil }
        guard zone.hasSuffix(".") else {
            node.error("zone '\(zone)' must be fully qualified with a trailing dot: '\(zone).'")
            return nil
        }
        return zone
    }

    private func readHostnames(_ node: YAMLValue, zone: String) -> [String]? {
        guard let items = node.list() else { return nil }
        guard !items.isEmpty else {
            node.error("'hostnames' must list at least one name to steer")
            return nil
        }
        return items.compactMap { item in
            guard let name = item.nonEmptyString() else { return nil }
            guard name.hasSuffix(".") else {
                item.error("hostname '\(name)' must be fully qualified with a trailing dot: '\(name).'")
                return nil
            }
            let labels = name.dropLast().split(separator: ".", omittingEmptySubsequences: false)
            if labels.dropFirst().contains(where: { $0.contains("*") }) || (labels.first?.contains("*") == true && labels.first != "*") {
                item.error("hostname '\(name)' may use '*' only as its whole first label, as in '*.shop.\(zone)'")
                return nil
            }
            if !zone.isEmpty, name != zone, !name.hasSuffix("." + zone) {
                item.error("hostname '\(name)' is outside the zone '\(zone)'")
                return nil
            }
            return name
        }
    }

    func readHealth(_ node: YAMLValue?) -> HealthSettings {
        let defaults = HealthSettings()
        let map = node?.mapping(allowedKeys: [
            "interval", "timeout", "failure_threshold", "recovery_threshold", "slow_threshold", "flap_damping",
            "gossip_interval", "observation_ttl",
        ])
        let flap = map?["flap_damping"]?.mapping(allowedKeys: ["transitions", "window", "stable_for"])
        let thresholds = 1...1000
        let health = HealthSettings(
            interval: value(map, "interval", path: "health.interval", fallback: defaults.interval, positiveDuration),
            timeout: value(map, "timeout", path: "health.timeout", fallback: defaults.timeout, positiveDuration),
            failureThreshold: value(map, "failure_threshold", path: "health.failure_threshold", fallback: defaults.failureThreshold) {
                $0.int(in: thresholds)
            },
            recoveryThreshold: value(map, "recovery_threshold", path: "health.recovery_threshold", fallback: defaults.recoveryThreshold) {
                $0.int(in: thresholds)
            },
            slowThreshold: value(map, "slow_threshold", path: "health.slow_threshold", fallback: defaults.slowThreshold, positiveDuration),
            flapThreshold: value(flap, "transitions", path: "health.flap_damping.transitions", fallback: defaults.flapThreshold) {
                $0.int(in: 2...1000)
            },
            flapWindow: value(flap, "window", path: "health.flap_damping.window", fallback: defaults.flapWindow, positiveDuration),
            stableFor: value(flap, "stable_for", path: "health.flap_damping.stable_for", fallback: defaults.stableFor, positiveDuration),
            gossipInterval: value(map, "gossip_interval", path: "health.gossip_interval", fallback: defaults.gossipInterval, positiveDuration),
            observationTTL: value(map, "observation_ttl", path: "health.observation_ttl", fallback: defaults.observationTTL, positiveDuration)
        )
        return health
    }

    private enum ProviderKind: String, CaseIterable {
        case powerdns, route53, file

        var keys: [String] {
            switch self {
            case .powerdns: ["api_url", "server_id", "api_key"]
            case .route53: ["hosted_zone_id", "endpoint", "access_key_id", "secret_access_key"]
            case .file: ["path"]
            }
        }
    }

    func readDNS(_ node: YAMLValue?) -> DNSSettings {
        let map = node?.mapping()
        let kind = value(map, "provider", path: "dns.provider", required: true, fallback: ProviderKind?.none) {
            $0.choice(ProviderKind.self).map(Optional.some)
        }
        let providerKeys = kind?.keys ?? ProviderKind.allCases.flatMap(\.keys)
        map?.reportUnknownKeys(allowed: ["provider", "apply_timeout"] + providerKeys)
        return DNSSettings(
            provider: readProvider(kind, map),
            applyTimeout: value(map, "apply_timeout", path: "dns.apply_timeout", fallback: .seconds(15), positiveDuration))
    }

    private func readProvider(_ kind: ProviderKind?, _ map: YAMLMapping?) -> DNSProviderConfig {
        func text(_ key: String, default defaultValue: String? = nil) -> String {
            value(map, key, path: "dns.\(key)", required: defaultValue == nil, fallback: defaultValue ?? "") { $0.nonEmptyString() }
        }
        func secret(_ key: String) -> SecretReference {
            value(map, key, path: "dns.\(key)", required: true, fallback: .environment("")) { $0.secretReference() }
        }
        switch kind {
        case .powerdns?:
            return .powerDNS(
                apiURL: value(map, "api_url", path: "dns.api_url", required: true, fallback: "", readHTTPURL),
                serverID: text("server_id", default: "localhost"), apiKey: secret("api_key"))
        case .route53?:
            return .route53(
                hostedZoneID: text("hosted_zone_id"), endpoint: map?["endpoint"].flatMap(readHTTPURL),
                accessKeyID: secret("access_key_id"), secretAccessKey: secret("secret_access_key"))
        case .file?:
            return .file(path: text("path"))
        case nil:
            return .file(path: "")
        }
    }

    /// An `http://` or `https://` URL with a host.
    func readHTTPURL(_ node: YAMLValue) -> String? {
        guard let url = node.nonEmptyString() else { return nil }
        let scheme = ["http://", "https://"].first { url.hasPrefix($0) }
        guard let scheme, url.count > scheme.count else {
            node.error("\(node.context) must be an http:// or https:// URL, found '\(url)'")
            return nil
        }
        return url
    }
}
