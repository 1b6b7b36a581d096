extension RegionsConfigReader {
    static let regionKeys = [
        "name", "role", "traffic", "jurisdiction", "addresses", "agent_url", "database", "health_checks", "min_tls",
    ]
    static let tlsVersions = ["1.2", "1.3"]

    func readRegions(_ node: YAMLValue?) -> [RegionConfig] {
        guard let items = node?.list() else {
            markIncomplete("regions")
            return []
        }
        if items.isEmpty { node?.error("'regions' must list at least one region") }
        return items.enumerated().compactMap { index, item in
            guard let region = readRegion(item, index: index) else { return nil }
            if regionsByName[region.name] != nil {
                log.error(
                    sourceMap.location("regions.\(index).name"),
                    "region '\(region.name)' is declared twice; region names must be unique")
                return nil
            }
            regionsByName[region.name] = region
            return region
        }
    }

    private func readRegion(_ item: YAMLValue, index: Int) -> RegionConfig? {
        let path = "regions.\(index)"
        guard let map = item.mapping(allowedKeys: Self.regionKeys) else {
            markIncomplete("\(path).traffic")
            return nil
        }
        let name = value(map, "name", path: "\(path).name", required: true, fallback: String?.none) {
            readRegionName($0).map(Optional.some)
        }
        guard let name else {
            markIncomplete("\(path).traffic")
            return nil
        }
        let role = value(map, "role", path: "\(path).role", required: true, fallback: RegionRole.witness) { $0.choice(RegionRole.self) }
        let addresses = value(map, "addresses", path: "\(path).addresses", fallback: [], readAddresses)
        if role != .witness, addresses.isEmpty, !incomplete.contains("\(path).addresses") {
            log.error(map.location, "region '\(name)' serves traffic but has no 'addresses' to publish in DNS")
        }
        if role == .witness, !addresses.isEmpty {
            log.error(
                sourceMap.location("\(path).addresses"),
                "region '\(name)' is a witness and serves no traffic; remove its addresses or give it a serving role")
        }
        let region = RegionConfig(
            name: RegionName(name), role: role,
            traffic: value(map, "traffic", path: "\(path).traffic", required: true, fallback: 0) { $0.int(in: 0...100) },
            jurisdiction: value(map, "jurisdiction", path: "\(path).jurisdiction", required: true, fallback: "", readCountryCode),
            addresses: addresses,
            agentURL: value(map, "agent_url", path: "\(path).agent_url", required: true, fallback: "", readHTTPURL),
            database: value(map, "database", path: "\(path).database", required: true, fallback: .environment("")) {
                $0.secretReference()
            },
            healthChecks: value(map, "health_checks", path: "\(path).health_checks", fallback: [], readHealthChecks),
            minTLS: value(map, "min_tls", path: "\(path).min_tls", fallback: "1.2", readTLSVersion),
            location: item.location
        )
        note("region.\(name)", item.location)
        return region
    }

    /// Lowercase letters, digits and hyphens: region names appear in URLs, metrics and DNS.
    private func readRegionName(_ node: YAMLValue) -> String? {
        guard let name = node.nonEmptyString() else { return nil }
        let allowed = name.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }
        guard allowed, name.first?.isLetter == true else {
            node.error("region name '\(name)' must start with a letter and use only a-z, 0-9 and '-'")
            return nil
        }
        return name
    }

    func readCountryCode(_ node: YAMLValue) -> String? {
        guard let code = node.string() else { return nil }
        guard Jurisdictions.isCountryCode(code) else {
            node.error("\(node.context) must be a two-letter ISO 3166 country code such as KR or DE, found '\(code)'")
            return nil
        }
        return code
    }

    private func readAddresses(_ node: YAMLValue) -> [String]? {
        node.list()?.compactMap { item in
            guard let address = item.string() else { return nil }
            guard NetworkNotation.isIPAddress(address) else {
                item.error("'\(address)' is not an IPv4 or IPv6 address")
                return nil
            }
            return address
        }
    }

    private func readHealthChecks(_ node: YAMLValue) -> [HealthCheckTarget]? {
        node.list()?.compactMap { item in
            guard let map = item.mapping(allowedKeys: ["kind", "target"]),
                let kind = map.required("kind")?.choice(HealthCheckTarget.Kind.self)
            else { return nil }
            if kind == .postgres {
                if let target = map["target"] {
                    target.error("a postgres health check probes the region's own database; remove 'target'")
                }
                return HealthCheckTarget(kind: kind, target: "")
            }
            guard let targetNode = map.required("target") else { return nil }
            let target = kind == .http ? readHTTPURL(targetNode) : readHostPort(targetNode)
            return target.map { HealthCheckTarget(kind: kind, target: $0) }
        }
    }

    private func readHostPort(_ node: YAMLValue) -> String? {
        guard let text = node.nonEmptyString() else { return nil }
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (1...65535).contains(port),
            colon != text.startIndex
        else {
            node.error("a tcp health check target must be host:port, found '\(text)'")
            return nil
        }
        return text
    }

    private func readTLSVersion(_ node: YAMLValue) -> String? {
        guard let version = node.string() else { return nil }
        guard Self.tlsVersions.contains(version) else {
            node.error("min_tls must be \"1.2\" or \"1.3\", found '\(version)'; older TLS versions are not safe")
            return nil
        }
        return version
    }
}
