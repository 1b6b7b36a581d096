import RegionCore
import Testing

struct PeerProtocolAuthenticationTests {
    typealias F = PeerProtocolFixture
    let body = Array(#"{"rows":[]}"#.utf8)
    let path = PeerEndpoint.replicate.path

    func verify(
        _ verifier: RequestVerifier, headers: PeerRequestHeaders, method: String = "POST", path: String? = nil,
        body: [UInt8]? = nil, now: Timestamp = F.now, replayGuard: inout ReplayGuard
    ) throws(PeerRequestRefusal) -> VerifiedPeerRequest {
        try verifier.verify(
            method: method, path: path ?? self.path, headers: headers, body: body ?? self.body, now: now,
            replayGuard: &replayGuard)
    }

    func refusal(_ verifier: RequestVerifier, _ headers: PeerRequestHeaders, method: String = "POST", path: String? = nil, body: [UInt8]? = nil, now: Timestamp = F.now) -> PeerRequestRefusal? {
        var replayGuard = ReplayGuard(window: F.window)
        do {
            _ = try verify(verifier, headers: headers, method: method, path: path, body: body, now: now, replayGuard: &replayGuard)
            return nil
        } catch {
            return error
        }
    }

    @Test func signedRequestVerifiesAndNamesItsSender() throws {
        let headers = try F.signer().sign(method: "POST", path: path, body: body, at: F.now, nonce: F.nonce)
        var replayGuard = ReplayGuard(window: F.window)
        let verified = try verify(try F.verifier(), headers: headers, replayGuard: &replayGuard)
        #expect(verified == VerifiedPeerRequest(sender: F.seoul, protocolVersion: .current, signedAt: F.now, usedPreviousKey: false))
    }

    @Test func headersRoundTripThroughAHeaderMap() throws {
        let headers = try F.signer().sign(method: "POST", path: path, body: body, at: F.now, nonce: F.nonce)
        let map = Dictionary(uniqueKeysWithValues: headers.fields.map { ($0.name.lowercased(), $0.value) })
        #expect(try PeerRequestHeaders(reading: { map[$0.lowercased()] }) == headers)
    }

    @Test(arguments: [PeerHeader.protocolVersion, PeerHeader.sender, PeerHeader.timestamp, PeerHeader.nonce, PeerHeader.signature])
    func missingHeaderIsUnsigned(_ missing: String) throws {
        let headers = try F.signer().sign(method: "POST", path: path, body: body, at: F.now, nonce: F.nonce)
        let map = Dictionary(uniqueKeysWithValues: headers.fields.filter { $0.name != missing }.map { ($0.name, $0.value) })
        #expect(throws: PeerRequestRefusal.unsigned(missingOrMalformedHeader: missing)) { try PeerRequestHeaders(reading: { map[$0] }) }
    }

    @Test(arguments: [(PeerHeader.timestamp, "soon"), (PeerHeader.protocolVersion, "1"), (PeerHeader.nonce, "short"), (PeerHeader.sender, "seoul\ntokyo")])
    func malformedHeaderIsUnsigned(_ name: String, _ value: String) throws {
        let headers = try F.signer().sign(method: "POST", path: path, body: body, at: F.now, nonce: F.nonce)
        var map = Dictionary(uniqueKeysWithValues: headers.fields.map { ($0.name, $0.value) })
        map[name] = value
        #expect(throws: PeerRequestRefusal.unsigned(missingOrMalformedHeader: name)) { try PeerRequestHeaders(reading: { map[$0] }) }
    }

    @Test func tamperedBodyPathOrMethodIsRefused() throws {
        let verifier = try F.verifier()
        let headers = try F.signer().sign(method: "POST", path: path, body: body, at: F.now, nonce: F.nonce)
        #expect(refusal(verifier, headers, body: Array(#"{"rows":[1]}"#.utf8)) == .badSignature(sender: F.seoul))
        #expect(refusal(verifier, headers, path: PeerEndpoint.observations.path) == .badSignature(sender: F.seoul))
        #expect(refusal(verifier, headers, method: "PUT") == .badSignature(sender: F.seoul))
        #expect(refusal(verifier, headers) == nil)
    }

    @Test func senderCannotClaimAnotherRegion() throws {
        var headers = try F.signer().sign(method: "POST", path: path, body: body, at: F.now, nonce: F.nonce)
        headers.sender = F.singapore
        #expect(refusal(try F.verifier(), headers) == .badSignature(sender: F.singapore))
    }

    @Test func senderOutsideTheClusterIsRefused() throws {
        let headers = try F.signer(sender: "mars").sign(method: "POST", path: path, body: body, at: F.now, nonce: F.nonce)
        #expect(refusal(try F.verifier(), headers) == .unknownSender("mars"))
    }

    @Test func previousKeyIsAcceptedDuringRotation() throws {
        let headers = try F.signer(key: 1).sign(method: "POST", path: path, body: body, at: F.now, nonce: F.nonce)
        var replayGuard = ReplayGuard(window: F.window)
        let verified = try verify(try F.verifier(current: 2, previous: 1), headers: headers, replayGuard: &replayGuard)
        #expect(verified.usedPreviousKey)
    }

    @Test func keyOutsideTheKeyringIsRefused() throws {
        let headers = try F.signer(key: 3).sign(method: "POST", path: path, body: body, at: F.now, nonce: F.nonce)
        #expect(refusal(try F.verifier(current: 2, previous: 1), headers) == .badSignature(sender: F.seoul))
        #expect(refusal(try F.verifier(current: 2), headers) == .badSignature(sender: F.seoul))
    }

    @Test func nonHexSignatureIsRefused() throws {
        var headers = try F.signer().sign(method: "POST", path: path, body: body, at: F.now, nonce: F.nonce)
        headers.signature = "zz"
        #expect(refusal(try F.verifier(), headers) == .badSignature(sender: F.seoul))
    }

    @Test(arguments: [(Int64(0), true), (300_000, true), (-300_000, true), (300_001, false), (-300_001, false)])
    func windowEdges(offsetMilliseconds: Int64, accepted: Bool) throws {
        let signedAt = F.now + .milliseconds(offsetMilliseconds)
        let headers = try F.signer().sign(method: "POST", path: path, body: body, at: signedAt, nonce: F.nonce)
        let expected: PeerRequestRefusal? = accepted
            ? nil : .expired(sender: F.seoul, skew: .milliseconds(offsetMilliseconds), window: F.window)
        #expect(refusal(try F.verifier(), headers) == expected)
    }

    @Test func replayedRequestIsRefused() throws {
        let verifier = try F.verifier()
        let headers = try F.signer().sign(method: "POST", path: path, body: body, at: F.now, nonce: F.nonce)
        var replayGuard = ReplayGuard(window: F.window)
        _ = try verify(verifier, headers: headers, replayGuard: &replayGuard)
        #expect(throws: PeerRequestRefusal.replayed(sender: F.seoul)) {
            try verify(verifier, headers: headers, now: F.now + .seconds(10), replayGuard: &replayGuard)
        }
    }

    @Test func forgedRequestDoesNotConsumeTheNonce() throws {
        let verifier = try F.verifier()
        let genuine = try F.signer().sign(method: "POST", path: path, body: body, at: F.now, nonce: F.nonce)
        var forged = genuine
        forged.signature = String(repeating: "0", count: 64)
        var replayGuard = ReplayGuard(window: F.window)
        #expect(throws: PeerRequestRefusal.badSignature(sender: F.seoul)) { try verify(verifier, headers: forged, replayGuard: &replayGuard) }
        #expect(try verify(verifier, headers: genuine, replayGuard: &replayGuard).sender == F.seoul)
    }

    @Test func oversizedBodyIsRefusedByItsDeclaredLength() throws {
        let verifier = try F.verifier(maxBodyBytes: 10)
        #expect(throws: PeerRequestRefusal.bodyTooLarge(bytes: 11, limit: 10)) { try verifier.admitBody(declaredBytes: 11) }
        try verifier.admitBody(declaredBytes: 10)
        let headers = try F.signer().sign(method: "POST", path: path, body: body, at: F.now, nonce: F.nonce)
        #expect(refusal(verifier, headers) == .bodyTooLarge(bytes: body.count, limit: 10))
    }

    @Test func incompatiblePeerIsRefusedNamingBothVersions() throws {
        let peerVersion = PeerProtocolVersion(major: PeerProtocolVersion.current.major + 1, minor: 0)
        let headers = try F.signer(version: peerVersion).sign(method: "POST", path: path, body: body, at: F.now, nonce: F.nonce)
        let refused = try #require(refusal(try F.verifier(), headers))
        #expect(refused.httpStatus == 426)
        #expect(refused.metricLabel == "incompatible_version")
        #expect(refused.description.contains("speaks regiond protocol \(peerVersion)"))
        #expect(refused.description.contains("this agent speaks \(PeerProtocolVersion.current)"))
    }

    @Test func refusalMessagesNeverContainTheSignature() throws {
        let headers = try F.signer(key: 9).sign(method: "POST", path: path, body: body, at: F.now, nonce: F.nonce)
        let refused = try #require(refusal(try F.verifier(), headers))
        #expect(refused.metricLabel == "bad_signature")
        #expect(!refused.description.contains(headers.signature))
        #expect(try F.key(1).description == "ClusterKey(redacted)")
    }

    @Test func shortKeyIsRefused() {
        #expect(throws: ClusterKeyError.tooShort(bytes: 8, minimum: 32)) { try ClusterKey(bytes: Array(repeating: 1, count: 8)) }
    }

    @Test func refusalsMapToDistinctStatusAndLabels() {
        let refusals: [PeerRequestRefusal] = [
            .unsigned(missingOrMalformedHeader: PeerHeader.nonce), .badSignature(sender: F.seoul),
            .expired(sender: F.seoul, skew: .seconds(400), window: F.window), .replayed(sender: F.seoul),
            .unknownSender("mars"), .bodyTooLarge(bytes: 2, limit: 1),
            .incompatibleVersion(peer: F.seoul, peerVersion: .init(major: 3, minor: 0), localVersion: .current),
        ]
        #expect(Set(refusals.map(\.metricLabel)).count == refusals.count)
        #expect(refusals.map(\.httpStatus) == [401, 401, 401, 409, 403, 413, 426])
    }
}

extension PeerProtocolAuthenticationTests {
    @Test(arguments: [Int64.min, Int64.max])
    func extremeTimestampIsExpiredNotACrash(_ milliseconds: Int64) throws {
        let headers = try F.signer().sign(method: "POST", path: path, body: body, at: Timestamp(milliseconds: milliseconds), nonce: F.nonce)
        #expect(refusal(try F.verifier(), headers)?.metricLabel == "expired")
    }
}
