import RegionCore

/// Owns the replay memory shared by all connections, so that two copies of one request
/// arriving at once on two connections cannot both be accepted.
actor PeerAuthenticator {
    private let verifier: RequestVerifier
    private var replayGuard: ReplayGuard

    init(verifier: RequestVerifier, replayCapacity: Int) {
        self.verifier = verifier
        replayGuard = verifier.makeReplayGuard(capacity: replayCapacity)
    }

    func authenticate(
        method: String, path: String, headers: PeerRequestHeaders, body: [UInt8], now: Timestamp
    ) throws(PeerRequestRefusal) -> VerifiedPeerRequest {
        try verifier.verify(method: method, path: path, headers: headers, body: body, now: now, replayGuard: &replayGuard)
    }
}
