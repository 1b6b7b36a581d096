import RegionCore
import Testing

struct PeerProtocolVersionTests {
    @Test(arguments: [
        ("1.2", "1.2", true), ("1.2", "1.1", true), ("1.2", "1.3", true),
        ("1.2", "1.0", false), ("1.2", "1.4", false), ("1.2", "2.2", false), ("2.0", "1.9", false),
        ("0.0", "0.1", true),
    ])
    func compatibilityMatrix(_ local: String, _ peer: String, _ compatible: Bool) throws {
        let localVersion = try #require(PeerProtocolVersion(local))
        let peerVersion = try #require(PeerProtocolVersion(peer))
        #expect(localVersion.interoperates(with: peerVersion) == compatible)
        #expect(peerVersion.interoperates(with: localVersion) == compatible, "the rule must be symmetric")
    }

    @Test func negotiationRefusalNamesPeerAndBothVersions() throws {
        let local = PeerProtocolVersion(major: 1, minor: 2)
        let error = #expect(throws: PeerRequestRefusal.self) {
            try local.negotiate(with: PeerProtocolVersion(major: 3, minor: 0), peer: "tokyo")
        }
        #expect(error?.description == "peer tokyo speaks regiond protocol 3.0, this agent speaks 1.2: upgrade one of them to an adjacent release")
        try local.negotiate(with: PeerProtocolVersion(major: 1, minor: 3), peer: "tokyo")
    }

    @Test(arguments: ["", "1", "1.", ".1", "1.2.3", "a.b", "-1.0", "1.+2", " 1.0"])
    func malformedVersionTextIsRejected(_ text: String) {
        #expect(PeerProtocolVersion(text) == nil)
    }

    @Test func versionsOrderByMajorThenMinor() throws {
        #expect(PeerProtocolVersion(major: 1, minor: 10) > PeerProtocolVersion(major: 1, minor: 9))
        #expect(PeerProtocolVersion(major: 2, minor: 0) > PeerProtocolVersion(major: 1, minor: 10))
        #expect(try #require(PeerProtocolVersion("1.10")) == PeerProtocolVersion(major: 1, minor: 10))
    }
}
