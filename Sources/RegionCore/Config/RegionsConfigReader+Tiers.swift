extension RegionsConfigReader {
    static let tierKeys = ["name", "max_lag", "batch_window", "tables", "max_batch_rows", "max_batch_bytes", "compress"]

    func readTiers(_ node: YAMLValue?, objectives: Objectives) -> [TierConfig] {
        guard let items = node?.list() else { return [] }
        return items.compactMap { item in
            guard let tier = readTier(item, objectives: objectives) else { return nil }
            guard tierNames.insert(tier.name).inserted else {
                log.error(sourceMap.location("tiers.\(tier.name).name"), "tier '\(tier.name)' is declared twice; tier names must be unique")
                return nil
            }
            return tier
        }
    }

    private func readTier(_ item: YAMLValue, objectives: Objectives) -> TierConfig? {
        guard let map = item.mapping(allowedKeys: Self.tierKeys), let nameNode = map.required("name"),
            let name = nameNode.nonEmptyString()
        else { return nil }
        let path = "tiers.\(name)"
        note("\(path).name", nameNode.location)
        let maxLag = value(map, "max_lag", path: "\(path).max_lag", required: true, fallback: Duration?.none) {
            readMaxLag($0, tier: name, objectives: objectives).map(Optional.some)
        }
        let batchWindow = value(map, "batch_window", path: "\(path).batch_window", fallback: (maxLag ?? .zero) / 5) {
            positiveDuration($0)
        }
        if let maxLag, batchWindow >= maxLag {
            log.error(
                sourceMap.location("\(path).batch_window"),
                "tier '\(name)' batch_window \(ConfigDuration.format(batchWindow)) leaves no time to ship within max_lag \(ConfigDuration.format(maxLag)); make it shorter")
        }
        return TierConfig(
            name: name, maxLag: maxLag ?? .zero,
            tables: value(map, "tables", path: "\(path).tables", required: true, fallback: []) { readTables($0, tier: name) },
            batchWindow: batchWindow,
            maxBatchRows: value(map, "max_batch_rows", path: "\(path).max_batch_rows", fallback: 5_000) { $0.int(in: 1...10_000_000) },
            maxBatchBytes: value(map, "max_batch_bytes", path: "\(path).max_batch_bytes", fallback: 4 << 20) { $0.byteCount() },
            compress: value(map, "compress", path: "\(path).compress", fallback: false) { $0.bool() },
            location: item.location)
    }

    private func readMaxLag(_ node: YAMLValue, tier: String, objectives: Objectives) -> Duration? {
        guard let lag = positiveDuration(node) else { return nil }
        if let objective = objectives.replicationLag[tier] {
            if lag > objective {
                node.error("tier '\(tier)' max_lag \(ConfigDuration.format(lag)) exceeds the \(ConfigDuration.format(objective)) objective")
            }
        } else {
            node.warning("tier '\(tier)' has no objective under objectives.replication_lag; its max_lag is not checked against a promise")
        }
        return lag
    }

    private func readTables(_ node: YAMLValue, tier: String) -> [String]? {
        guard let items = node.list() else { return nil }
        return items.compactMap { item in
            guard let table = readTableName(item) else { return nil }
            if let owner = tableTiers[table] {
                let first = sourceMap["tiers.table.\(table)"].map { " (line \($0.line))" } ?? ""
                item.error("table '\(table)' is already in tier '\(owner)'\(first); a table belongs to one tier")
                return nil
            }
            tableTiers[table] = tier
            note("tiers.table.\(table)", item.location)
            return table
        }
    }

    /// A PostgreSQL table name, optionally schema-qualified (`app_logs`, `audit.events`).
    func readTableName(_ node: YAMLValue) -> String? {
        guard let table = node.nonEmptyString() else { return nil }
        let valid = table.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { part in
            !part.isEmpty && part.first?.isNumber == false
                && part.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }
        }
        guard valid else {
            node.error("table name '\(table)' must use lowercase letters, digits and '_' (optionally schema.table)")
            return nil
        }
        return table
    }
}
