import Testing
import RegionDNS

struct DNSRecordChangeTests {
    let a = DNSRecordSet(name: "app.example.com.", type: "LUA", ttl: 5, values: ["x"])
    let b = DNSRecordSet(name: "*.shop.example.com.", type: "LUA", ttl: 5, values: ["x"])

    @Test func identicalSetsNeedNoChange() {
        #expect(DNSRecordChange.between(current: [a, b], desired: [b, a]).isEmpty)
    }

    @Test func createsReplacesAndDeletesByKey() {
        var replaced = a
        replaced.values = ["y"]
        let extra = DNSRecordSet(name: "app.example.com.", type: "A", ttl: 5, values: ["127.0.0.1"], setIdentifier: "kr")
        let changes = DNSRecordChange.between(current: [a, b], desired: [replaced, extra])
        #expect(Set(changes) == [
            DNSRecordChange(before: a, after: replaced),
            DNSRecordChange(before: b, after: nil),
            DNSRecordChange(before: nil, after: extra),
        ])
    }

    @Test func ttlChangeIsAChange() {
        var longer = a
        longer.ttl = 60
        #expect(DNSRecordChange.between(current: [a], desired: [longer]).map(\.description) == ["replace app.example.com. LUA: x -> x (ttl 5 -> 60)"])
    }
}
