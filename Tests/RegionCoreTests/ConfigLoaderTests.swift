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
