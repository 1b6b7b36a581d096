extension RegionsConfigReader {
    func readRetention(_ node: YAMLValue?) -> [RetentionRule] {
        guard let items = node?.list() else { return [] }
        return items.compactMap(readRetentionRule)
    }

    private func readRetentionRule(_ item: YAMLValue) -> RetentionRule? {
        guard let map = item.mapping(allowedKeys: ["region", "tier", "table", "class", "keep"]) else { return nil }
        let region = map.required("region").flatMap { node -> RegionName? in
            guard let text = node.string() else { return nil }
            guard regionsByName[RegionName(text)] != nil else {
                node.error("retention names unknown region '\(text)'; known regions: \(knownRegionList)")
                return nil
            }
            return RegionName(text)
        }
        let tier = map["tier"].flatMap { reference($0, kind: "tier", known: tierNames) }
        let table = map["table"].flatMap { reference($0, kind: "table", known: Set(tableTiers.keys)) }
        let residencyClass = map["class"].flatMap { reference($0, kind: "residency class", known: classNames) }
        if map["tier"] == nil, map["table"] == nil, map["class"] == nil {
            log.error(map.location, "retention rule needs a scope: 'tier', 'table' or 'class'")
        }
        let keep = map.required("keep").flatMap(positiveDuration)
        guard let region, let keep else { return nil }
        return RetentionRule(region: region, tier: tier, table: table, residencyClass: residencyClass, keep: keep, location: item.location)
    }

    private func reference(_ node: YAMLValue, kind: String, known: Set<String>) -> String? {
        guard let name = node.nonEmptyString() else { return nil }
        guard known.contains(name) else {
            node.error("retention names unknown \(kind) '\(name)'; known: \(known.sorted().joined(separator: ", "))")
            return nil
        }
        return name
    }

    func readIntegrity(_ node: YAMLValue?) -> IntegritySettings {
        let map = node?.mapping(allowedKeys: ["interval", "retention_interval"])
        return IntegritySettings(
            interval: value(map, "interval", path: "integrity.interval", fallback: IntegritySettings().interval, positiveDuration),
            retentionInterval: value(map, "retention_interval", path: "integrity.retention_interval", fallback: Duration?.none) {
                positiveDuration($0).map(Optional.some)
            })
    }

    func readReplication(_ node: YAMLValue?) -> ReplicationSettings {
        let defaults = ReplicationSettings()
        let map = node?.mapping(allowedKeys: ["max_clock_skew", "backlog_limit", "tombstone_grace"])
        return ReplicationSettings(
            maxClockSkew: value(map, "max_clock_skew", path: "replication.max_clock_skew", fallback: defaults.maxClockSkew, positiveDuration),
            backlogLimit: value(map, "backlog_limit", path: "replication.backlog_limit", fallback: defaults.backlogLimit) {
                $0.int(in: 1...Int.max)
            },
            tombstoneGrace: value(map, "tombstone_grace", path: "replication.tombstone_grace", fallback: defaults.tombstoneGrace, positiveDuration))
    }

    func readSecurity(_ node: YAMLValue?) -> SecuritySettings {
        let defaults = SecuritySettings()
        let map = node?.mapping(allowedKeys: ["cluster_key", "previous_cluster_key", "request_window", "max_body_bytes"])
        let clusterKey = value(map, "cluster_key", path: "security.cluster_key", fallback: SecretReference?.none) {
            $0.secretReference().map(Optional.some)
        }
        if clusterKey == nil, !incomplete.contains("security.cluster_key") {
            log.warning(
                sourceMap.location("security", "regions"),
                "no security.cluster_key: requests between agents are not signed; set cluster_key: {env: REGIOND_CLUSTER_KEY}")
        }
        return SecuritySettings(
            clusterKey: clusterKey,
            previousClusterKey: value(map, "previous_cluster_key", path: "security.previous_cluster_key", fallback: nil) {
                $0.secretReference().map(Optional.some)
            },
            requestWindow: value(map, "request_window", path: "security.request_window", fallback: defaults.requestWindow, positiveDuration),
            maxBodyBytes: value(map, "max_body_bytes", path: "security.max_body_bytes", fallback: defaults.maxBodyBytes) { $0.byteCount() })
    }
}
