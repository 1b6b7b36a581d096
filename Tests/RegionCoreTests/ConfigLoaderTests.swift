import Testing
@testable import RegionCore

@Suite struct ConfigLoaderTests {
    @Test func theExampleDeploymentLoadsWithoutErrors() throws {
        let loaded = try RegionsConfigLoader.parse(yaml: try RegionsYAML.text(), file: "regions.yaml")
        let config = loaded.config
        #expect(config.regions.map(\.name) == ["seoul", "singapore", "tokyo", "frankfurt"])
        #expect(config.regions.map(\.role) == [.primary, .secondary, .dr, .witness])
        #expect(config.regions.map(\.traffic) == [70, 20, 10, 0])
        #expect(config.servingRegions.map(\.name) == ["seoul", "singapore", "tokyo"])
        #expect(config.service.hostnames.contains("*.shop.example.com."))
        #expect(config.geos.first { $0.name == "KR" }?.preference == ["seoul", "tokyo", "singapore"])
        #expect(config.geos.first { $0.name == "SEA" }?.countries == ["SG", "MY", "TH", "VN", "ID", "PH"])
        #expect(config.geos.first { $0.name == "EU" }?.countries.count == 27)
        #expect(config.defaultGeo?.name == "rest-of-world")
        #expect(config.tier(ofTable: "sessions")?.name == "critical")
        #expect(config.tiers.map(\.maxLag) == [.seconds(5), .seconds(30), .seconds(300)])
        #expect(config.residency.residencyClass(named: "kr-personal")?.allowedRegions == ["seoul"])
        #expect(config.residency.residencyClass(named: "gdpr")?.allowedRegions == ["frankfurt"])
        #expect(config.residency.residencyClass(named: "global")?.allowedRegions.count == 4)
        guard case .byColumn(let column, let map, let defaultClass)? = config.residency.tables["users"] else {
            Issue.record("users has no column rule")
            return
        }
        #expect(column == "country")
        #expect(map["KR"] == "kr-personal")
        #expect(map["DE"] == "gdpr")
        #expect(map["FR"] == "gdpr")
        #expect(defaultClass == "global")
        #expect(config.regions.first?.database == .environment("REGIOND_SEOUL_DSN"))
        #expect(config.dns.provider == .powerDNS(apiURL: "http://127.0.0.1:8081", serverID: "localhost", apiKey: .environment("REGIOND_PDNS_API_KEY")))
        #expect(config.retention.contains { $0.region == "frankfurt" && $0.tier == "logs" && $0.keep == .seconds(30 * 86_400) })
        #expect(config.integrity.interval == .seconds(3600))
        #expect(config.security.maxBodyBytes == 16 << 20)
        #expect(loaded.warnings.allSatisfy { $0.severity == .warning })
    }

    @Test func theExampleBudgetKeepsTheObjectives() throws {
        let config = try RegionsConfigLoader.parse(yaml: try RegionsYAML.text(), file: "regions.yaml").config
        let budget = FailoverBudget(config: config)
        #expect(budget.detection == .seconds(19))
        #expect(budget.reroute == .seconds(64))
        #expect(budget.detectionMargin == .seconds(11))
        #expect(budget.rerouteMargin == .seconds(56))
        #expect(budget.recovery == .seconds(32))
    }

    @Test func residencyAwareFailoverNamesKoreanUsersFailedOverToTokyo() throws {
        let loaded = try RegionsConfigLoader.parse(yaml: try RegionsYAML.text(), file: "regions.yaml")
        let gaps = ResidencyFailoverGap.gaps(in: loaded.config)
        let korea = try #require(gaps.first { $0.geo == "KR" && $0.region == "tokyo" })
        #expect(korea.residencyClass == "kr-personal")
        #expect(korea.rank == 1)
        #expect(korea.tables.contains("sessions"))
        #expect(korea.allowedRegions == ["seoul"])
        #expect(!gaps.contains { $0.geo == "KR" && $0.region == "seoul" })
        #expect(!gaps.contains { $0.geo == "SEA" })
        #expect(!gaps.contains { $0.geo == "JP" })
        #expect(gaps.contains { $0.geo == "EU" && $0.region == "seoul" && $0.rank == 0 && $0.residencyClass == "gdpr" })
        let text = try RegionsYAML.text()
        let warning = try #require(loaded.warnings.first { $0.message.contains("KR users failed over to tokyo") })
        #expect(warning.description.hasPrefix(try RegionsYAML.location(of: "tokyo", after: "- name: KR", in: text)))
    }
}

@Suite struct ConfigResidencyRuleTests {
    @Test func anExplicitCountryOverridesTheEUShorthand() throws {
        let text = try RegionsYAML.replacing(
            "orders: {column: country, map: {KR: kr-personal, EU: gdpr}, default: global}",
            with: "orders: {column: country, map: {KR: kr-personal, EU: gdpr, DE: global}, default: global}")
        let config = try RegionsConfigLoader.parse(yaml: text, file: "regions.yaml").config
        guard case .byColumn(_, let map, _)? = config.residency.tables["orders"] else {
            Issue.record("orders has no column rule")
            return
        }
        #expect(map["DE"] == "global")
        #expect(map["FR"] == "gdpr")
        #expect(map["EU"] == "gdpr")
        #expect(map["KR"] == "kr-personal")
        #expect(map["SG"] == nil)
    }

    @Test func aClassByRegionListAllowsExactlyThoseRegions() throws {
        let text = try RegionsYAML.replacing("global: {anywhere: true}", with: "global: {regions: [seoul, tokyo]}")
        let config = try RegionsConfigLoader.parse(yaml: text, file: "regions.yaml").config
        #expect(config.residency.residencyClass(named: "global")?.allowedRegions == ["seoul", "tokyo"])
    }
}

@Suite struct ConfigDNSProviderTests {
    private let powerDNSBlock = """
          provider: powerdns              # powerdns | route53 | file
          api_url: http://127.0.0.1:8081
          server_id: localhost
          api_key: {env: REGIOND_PDNS_API_KEY}
        """

    @Test func route53TakesItsKeysAsSecretReferences() throws {
        let text = try RegionsYAML.replacing(powerDNSBlock, with: """
              provider: route53
              hosted_zone_id: Z123EXAMPLE
              access_key_id: {env: AWS_ACCESS_KEY_ID}
              secret_access_key: {file: /run/secrets/aws}
            """)
        let config = try RegionsConfigLoader.parse(yaml: text, file: "regions.yaml").config
        #expect(config.dns.provider == .route53(
            hostedZoneID: "Z123EXAMPLE", endpoint: nil, accessKeyID: .environment("AWS_ACCESS_KEY_ID"),
            secretAccessKey: .file("/run/secrets/aws")))
    }

    @Test func fileProviderNeedsOnlyAPath() throws {
        let text = try RegionsYAML.replacing(powerDNSBlock, with: "  provider: file\n  path: /tmp/desired-dns.json")
        let config = try RegionsConfigLoader.parse(yaml: text, file: "regions.yaml").config
        #expect(config.dns.provider == .file(path: "/tmp/desired-dns.json"))
    }

    @Test func keysOfAnotherProviderAreUnknown() throws {
        let text = try RegionsYAML.replacing(powerDNSBlock, with: "  provider: file\n  path: /tmp/dns.json\n  server_id: localhost")
        try expectError(in: text, at: "server_id", "unknown key 'server_id' in 'dns'")
    }
}
