import Testing
@testable import RegionDNS

struct Route53RecordsTests {
    @Test func oneGeolocationSetPerCountryAndADefault() throws {
        let records = try Route53Records(config: TestDeployment.config(hostnames: ["app.example.com."])).render(TestDeployment.desired(down: ["seoul"]))
        #expect(records.map { $0.setIdentifier ?? "" } == ["kr-KR", "sea-SG", "sea-MY", "sea-TH", "jp-JP", "world"])
        #expect(records.first == DNSRecordSet(name: "app.example.com.", type: "A", ttl: 5, values: [TestDeployment.tokyoAddress], setIdentifier: "kr-KR", geoLocation: .country("KR")))
        #expect(records.last?.geoLocation == .anywhere)
        #expect(records.last?.values == [TestDeployment.singaporeAddress])
    }

    @Test func changeBatchUpsertsAndDeletesInOneRequest() {
        let set = DNSRecordSet(name: "*.shop.example.com.", type: "A", ttl: 5, values: ["127.0.0.10"], setIdentifier: "world", geoLocation: .anywhere)
        let old = DNSRecordSet(name: "app.example.com.", type: "A", ttl: 5, values: ["127.0.0.30"], setIdentifier: "jp-JP", geoLocation: .country("JP"))
        let xml = Route53API.changeBatchXML([DNSRecordChange(before: nil, after: set), DNSRecordChange(before: old, after: nil)])
        #expect(xml.contains("<Change><Action>UPSERT</Action><ResourceRecordSet><Name>*.shop.example.com.</Name><Type>A</Type><SetIdentifier>world</SetIdentifier><GeoLocation><CountryCode>*</CountryCode></GeoLocation><TTL>5</TTL><ResourceRecords><ResourceRecord><Value>127.0.0.10</Value></ResourceRecord></ResourceRecords></ResourceRecordSet></Change>"))
        #expect(xml.contains("<Action>DELETE</Action><ResourceRecordSet><Name>app.example.com.</Name><Type>A</Type><SetIdentifier>jp-JP</SetIdentifier><GeoLocation><CountryCode>JP</CountryCode></GeoLocation>"))
        #expect(xml.components(separatedBy: "<ChangeBatch>").count == 2)
    }
}
