import RegionCore
import RegionNet
import Testing

/// The receive path the agent's server follows, end to end on values: encode and sign on
/// the sender, then size check, verify, decode and validate on the receiver.
struct PeerWireRequestFlowTests {
    let now = Timestamp(milliseconds: 1_800_000_000_000)
    let nonce = "flow-nonce-0123456789"

    func keyring() throws -> ClusterKeyring {
        ClusterKeyring(current: try ClusterKey(bytes: Array(repeating: 0x5a, count: 32)))
    }

    func batch() -> ReplicateRequest {
        let change = OutboundChange(
            sequence: 11,
            row: VersionedRow(table: "users", key: RowKey("u-1"), version: Version(hlc: HLC(physicalMilliseconds: 77), origin: "seoul"), values: ["name": "Kim"]),
            residencyClass: "kr-personal")
        let batch = OutboundBatch(id: BatchID(rawValue: 3), peer: "tokyo", tier: "critical", compress: true, sequences: 10...11, changes: [change], bytes: change.bytes)
        return ReplicateRequest(origin: "seoul", batch: batch)
    }

    @Test func signedCompressedBatchIsVerifiedDecodedAndValidated() throws {
        let wire = PeerWire(maxBodyBytes: 1 << 20)
        let body = try wire.encode(batch())
        let signed = RequestSigner(key: try keyring().current, sender: "seoul")
            .sign(method: "POST", path: PeerEndpoint.replicate.path, body: body.bytes, at: now, nonce: nonce)
        let headerMap = Dictionary(uniqueKeysWithValues: (signed.fields + body.headerFields).map { ($0.name.lowercased(), $0.value) })
        let header: (String) -> String? = { headerMap[$0.lowercased()] }

        let verifier = RequestVerifier(keys: try keyring(), knownSenders: ["seoul", "singapore"], window: .seconds(300), maxBodyBytes: 1 << 20)
        var replayGuard = verifier.makeReplayGuard()
        try verifier.admitBody(declaredBytes: body.bytes.count)
        let verified = try verifier.verify(method: "POST", path: PeerEndpoint.replicate.path, header: header, body: body.bytes, now: now, replayGuard: &replayGuard)
        let request = try wire.decode(ReplicateRequest.self, from: body.bytes, header: header)
        try BatchValidator(local: "tokyo", peers: ["seoul", "singapore"], tablesByTier: ["critical": ["users"]]).validate(request, sender: verified.sender)
        #expect(body.encoding == .deflate)
        #expect(request == batch())
    }

    @Test func tamperedCompressedBytesFailVerificationBeforeInflating() throws {
        let wire = PeerWire(maxBodyBytes: 1 << 20)
        var body = try wire.encode(batch())
        let signed = RequestSigner(key: try keyring().current, sender: "seoul")
            .sign(method: "POST", path: PeerEndpoint.replicate.path, body: body.bytes, at: now, nonce: nonce)
        body.bytes[body.bytes.count / 2] ^= 0xff
        let verifier = RequestVerifier(keys: try keyring(), knownSenders: ["seoul"], window: .seconds(300), maxBodyBytes: 1 << 20)
        var replayGuard = verifier.makeReplayGuard()
        #expect(throws: PeerRequestRefusal.badSignature(sender: "seoul")) {
            try verifier.verify(method: "POST", path: PeerEndpoint.replicate.path, headers: signed, body: body.bytes, now: now, replayGuard: &replayGuard)
        }
    }
}
