import RegionCore
import Testing
@testable import RegionDNS

struct PowerDNSLuaRendererTests {
    @Test func rendersEveryHostnameWithGeosInConfigOrderAndDefaultLast() throws {
        let records = try PowerDNSLuaRenderer(config: TestDeployment.config()).render(TestDeployment.desired())
        let expected = #"A ";if netmask({'198.51.100.0/25'}) or country({'KR'}) then return {'127.0.0.10'} "#
            + #"elseif netmask({'198.51.100.128/25'}) or country({'SG','MY','TH'}) then return {'127.0.0.20'} "#
            + #"elseif netmask({'203.0.113.0/25'}) or country({'JP'}) then return {'127.0.0.30'} "#
            + #"else return {'127.0.0.10'} end""#
        #expect(records == [
            DNSRecordSet(name: "app.example.com.", type: "LUA", ttl: 5, values: [expected]),
            DNSRecordSet(name: "*.shop.example.com.", type: "LUA", ttl: 5, values: [expected]),
        ])
    }

    @Test func aDownRegionsGeoIsAnsweredWithItsNextRegion() throws {
        let records = try PowerDNSLuaRenderer(config: TestDeployment.config()).render(TestDeployment.desired(down: ["seoul"]))
        let body = try #require(records.first?.values.first)
        #expect(body.contains("country({'KR'}) then return {'127.0.0.30'}"))
        #expect(body.hasSuffix("else return {'127.0.0.20'} end\""))
    }

    @Test func weightedGeoUsesWeightedRandomPick() throws {
        var desired = TestDeployment.desired()
        desired.geos[3] = GeoAnswer(geo: "world", regions: [WeightedRegion(region: "seoul", weight: 70), WeightedRegion(region: "singapore", weight: 30), WeightedRegion(region: "tokyo", weight: 0)])
        let body = try #require(try PowerDNSLuaRenderer(config: TestDeployment.config()).render(desired).first?.values.first)
        #expect(body.hasSuffix("else return pickwrandom({{70,'127.0.0.10'},{30,'127.0.0.20'}}) end\""))
    }

    @Test func ipv6AddressesGetTheirOwnAAAABody() throws {
        var config = TestDeployment.config(hostnames: ["app.example.com."])
        for index in config.regions.indices { config.regions[index].addresses.append("2001:db8::\(index + 1)") }
        let records = try PowerDNSLuaRenderer(config: config).render(TestDeployment.desired(config: config))
        #expect(records.count == 2)
        #expect(records[1].values[0].hasPrefix("AAAA \";if"))
        #expect(records[1].values[0].contains("return {'2001:db8::1'}"))
    }

    @Test func valuesThatWouldBreakTheLuaSourceAreRefused() {
        var config = TestDeployment.config()
        config.geos[0].networks = ["198.51.100.0/25'}) or true or ({'"]
        #expect(throws: DNSProviderError.self) { try PowerDNSLuaRenderer(config: config).render(TestDeployment.desired(config: config)) }
    }

    @Test func aGeoWithoutServingRegionIsRefused() {
        var desired = TestDeployment.desired()
        desired.geos[0].regions = []
        #expect(throws: DNSProviderError.unrenderable(reason: "the desired state has no serving region for geo 'kr'")) {
            try PowerDNSLuaRenderer(config: TestDeployment.config()).render(desired)
        }
    }

    @Test func hostnamesOutsideTheZoneAreRefused() {
        let config = TestDeployment.config(hostnames: ["app.example.org."])
        #expect(throws: DNSProviderError.self) { try PowerDNSLuaRenderer(config: config).render(TestDeployment.desired(config: config)) }
    }
}
