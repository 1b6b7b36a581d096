import RegionCore
import Testing

struct PeerProtocolMessageTests {
    typealias F = PeerProtocolFixture

    /// Pinned so a change to the signed string (which breaks every older peer) is deliberate.
    @Test func canonicalRequestTextIsStable() {
        let canonical = CanonicalRequest(
            method: "post", path: "/v1/replicate", timestamp: Timestamp(milliseconds: 1_700_000_000_123), sender: "seoul",
            nonce: F.nonce, protocolVersion: PeerProtocolVersion(major: 1, minor: 0), body: Array("".utf8))
        #expect(canonical.text == """
            POST
            /v1/replicate
            1700000000123
            seoul
            nonce-0123456789abcdef
            1.0
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """)
    }

    @Test func signingIsDeterministicAndNonceBound() throws {
        let signer = try F.signer()
        let first = signer.sign(method: "GET", path: "/v1/status", body: [], at: F.now, nonce: F.nonce)
        let again = signer.sign(method: "GET", path: "/v1/status", body: [], at: F.now, nonce: F.nonce)
        let otherNonce = signer.sign(method: "GET", path: "/v1/status", body: [], at: F.now, nonce: F.nonce + "x")
        #expect(first == again)
        #expect(first.signature.count == 64)
        #expect(first.signature != otherNonce.signature)
    }

    @Test func verifierReadsHeadersFromAHeaderLookup() throws {
        let verifier = try F.verifier()
        let headers = try F.signer().sign(method: "GET", path: PeerEndpoint.status.path, body: [], at: F.now, nonce: F.nonce)
        let map = Dictionary(uniqueKeysWithValues: headers.fields.map { ($0.name.lowercased(), $0.value) })
        var replayGuard = verifier.makeReplayGuard()
        let verified = try verifier.verify(
            method: "GET", path: PeerEndpoint.status.path, header: { map[$0.lowercased()] }, body: [UInt8](), now: F.now,
            replayGuard: &replayGuard)
        #expect(verified.sender == F.seoul)
        #expect(replayGuard.window == F.window)
        #expect(throws: PeerRequestRefusal.unsigned(missingOrMalformedHeader: PeerHeader.protocolVersion)) {
            try verifier.verify(method: "GET", path: PeerEndpoint.status.path, header: { _ in nil }, body: [UInt8](), now: F.now, replayGuard: &replayGuard)
        }
    }

    @Test func endpointsNameTheirMethodAndPath() {
        #expect(PeerEndpoint.allCases.map { "\($0.method) \($0.path)" } == ["POST /v1/replicate", "POST /v1/observations", "GET /v1/status"])
    }

    @Test func gossipMustBeTheSendersOwn() {
        let own = Observation(observer: F.seoul, target: F.tokyo, status: .down, observedAt: F.now)
        let relayed = Observation(observer: F.singapore, target: F.tokyo, status: .down, observedAt: F.now)
        let request = ObservationsRequest(gossip: ObservationGossip(from: F.seoul, sentAt: F.now, observations: [own]))
        #expect(throws: Never.self) { try request.validate(sender: F.seoul) }
        #expect(throws: ObservationsValidationError.senderMismatch(claimed: F.seoul, sender: F.singapore)) {
            try request.validate(sender: F.singapore)
        }
        let withRelayed = ObservationsRequest(gossip: ObservationGossip(from: F.seoul, sentAt: F.now, observations: [own, relayed]))
        #expect(throws: ObservationsValidationError.relayedObservation(observer: F.singapore, sender: F.seoul)) {
            try withRelayed.validate(sender: F.seoul)
        }
    }

    @Test func batchValidationErrorsHaveDistinctMetricLabels() {
        let errors: [BatchValidationError] = [
            .incompatibleVersion(origin: F.seoul, batchVersion: .init(major: 2, minor: 0), localVersion: .current),
            .wrongDestination(destination: F.seoul, local: F.tokyo), .originMismatch(origin: F.seoul, sender: F.tokyo),
            .unknownOrigin("mars"), .unknownTier("archive"), .invalidSequenceRange(0...1),
            .sequenceOutsideRange(sequence: 9, range: 1...2), .duplicateSequence(1), .duplicateRow(table: "t", keyDigest: "d"),
        ]
        #expect(Set(errors.map(\.metricLabel)).count == errors.count)
        #expect(errors.allSatisfy { $0.httpStatus == 400 })
    }
}
