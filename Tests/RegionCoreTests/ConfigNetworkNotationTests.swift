import Testing
@testable import RegionCore

@Suite struct ConfigNetworkNotationTests {
    @Test(arguments: ["192.0.2.10", "2001:db8::10", "::1", "fe80::1:2:3:4", "1:2:3:4:5:6:7:8"])
    func acceptsAddresses(text: String) {
        #expect(NetworkNotation.isIPAddress(text))
    }

    @Test(arguments: ["192.0.2", "192.0.2.256", "192.0.2.1.1", "2001:db8:::1", "1:2:3:4:5:6:7:8:9", "seoul", "12345::1"])
    func refusesNonAddresses(text: String) {
        #expect(!NetworkNotation.isIPAddress(text))
    }

    @Test(arguments: ["198.51.100.0/25", "198.51.100.128/25", "0.0.0.0/0", "2001:db8::/32", "203.0.113.7/32"])
    func acceptsNetworks(text: String) {
        #expect(NetworkNotation.cidrProblem(text) == nil)
    }

    @Test(arguments: [
        ("198.51.100.0", "not a network in CIDR form"),
        ("198.51.100.0/33", "prefix length above 32"),
        ("2001:db8::/129", "prefix length above 128"),
        ("198.51.100.5/25", "host bits set below the /25 prefix"),
        ("2001:db8::1/64", "host bits set below the /64 prefix"),
        ("kr.example/24", "does not start with an IPv4 or IPv6 address"),
    ])
    func explainsBadNetworks(text: String, problem: String) {
        #expect(NetworkNotation.cidrProblem(text)?.contains(problem) == true)
    }
}
