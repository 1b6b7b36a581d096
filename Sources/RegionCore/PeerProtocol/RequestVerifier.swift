import Crypto

/// Decides whether to trust an incoming peer request, before its body is decoded.
///
/// Receiving a request, in order: `admitBody(declaredBytes:)` on `Content-Length` before
/// reading; read at most `maxBodyBytes`; `verify(...)` on the bytes as received; only then
/// decode the body (`PeerWire` in RegionNet) and, for a batch, run `BatchValidator`.
///
/// Checks run cheapest first (size, version, sender, time, signature, nonce); the nonce is
/// recorded only once the signature is valid, so an unauthenticated party cannot fill the
/// replay memory.
public struct RequestVerifier: Sendable {
    public var keys: ClusterKeyring
    /// The regions allowed to send requests (every region of the cluster but this one).
    public var knownSenders: Set<RegionName>
    public var localVersion: PeerProtocolVersion
    /// Requests signed further than this from the receiver's clock are refused.
    public var window: Duration
    public var maxBodyBytes: Int

    public init(
        keys: ClusterKeyring, knownSenders: Set<RegionName>, window: Duration, maxBodyBytes: Int,
        localVersion: PeerProtocolVersion = .current
    ) {
        self.keys = keys
        self.knownSenders = knownSenders
        self.window = window
        self.maxBodyBytes = maxBodyBytes
        self.localVersion = localVersion
    }

    /// A verifier using `config.security`'s window and body limit, trusting every region of `config` except `local`.
    public init(keys: ClusterKeyring, config: RegionsConfig, local: RegionName, localVersion: PeerProtocolVersion = .current) {
        self.init(
            keys: keys, knownSenders: Set(config.voterNames.filter { $0 != local }),
            window: config.security.requestWindow, maxBodyBytes: config.security.maxBodyBytes,
            localVersion: localVersion)
    }

    /// Refuses a body by its declared length (`Content-Length`), before reading it.
    public func admitBody(declaredBytes: Int) throws(PeerRequestRefusal) {
        guard declaredBytes <= maxBodyBytes else { throw .bodyTooLarge(bytes: declaredBytes, limit: maxBodyBytes) }
    }

    /// Verifies a request whose whole body has been read; records its nonce in `replayGuard`
    /// when it is accepted.
    public func verify(
        method: String, path: String, headers: PeerRequestHeaders, body: some Collection<UInt8>,
        now: Timestamp, replayGuard: inout ReplayGuard
    ) throws(PeerRequestRefusal) -> VerifiedPeerRequest {
        try admitBody(declaredBytes: body.count)
        try localVersion.negotiate(with: headers.protocolVersion, peer: headers.sender)
        guard knownSenders.contains(headers.sender) else { throw .unknownSender(headers.sender) }
        let skew = Self.skew(of: headers.timestamp, from: now)
        guard skew.magnitude <= window.milliseconds.magnitude else {
            throw .expired(sender: headers.sender, skew: .milliseconds(skew), window: window)
        }
        let canonical = CanonicalRequest(
            method: method, path: path, timestamp: headers.timestamp, sender: headers.sender,
            nonce: headers.nonce, protocolVersion: headers.protocolVersion, body: body)
        let usedPreviousKey = try matchingKey(for: canonical, signature: headers.signature, sender: headers.sender)
        guard replayGuard.admit(nonce: headers.nonce, from: headers.sender, signedAt: headers.timestamp, now: now) else {
            throw .replayed(sender: headers.sender)
        }
        return VerifiedPeerRequest(sender: headers.sender, protocolVersion: headers.protocolVersion, signedAt: headers.timestamp, usedPreviousKey: usedPreviousKey)
    }

    /// Milliseconds from `now` to `signedAt`, saturating: the timestamp is the sender's to
    /// choose, and an extreme one must be refused, not overflow.
    private static func skew(of signedAt: Timestamp, from now: Timestamp) -> Int64 {
        let (difference, overflow) = signedAt.milliseconds.subtractingReportingOverflow(now.milliseconds)
        guard overflow else { return difference }
        return signedAt > now ? .max : .min
    }

    /// `verify(method:path:headers:body:now:replayGuard:)` reading the headers through
    /// `header`, which looks a name up in the HTTP library's header map case-insensitively.
    public func verify(
        method: String, path: String, header: (String) -> String?, body: some Collection<UInt8>,
        now: Timestamp, replayGuard: inout ReplayGuard
    ) throws(PeerRequestRefusal) -> VerifiedPeerRequest {
        try verify(method: method, path: path, headers: PeerRequestHeaders(reading: header), body: body, now: now, replayGuard: &replayGuard)
    }

    /// A replay guard remembering nonces for exactly this verifier's window.
    public func makeReplayGuard(capacity: Int = 100_000) -> ReplayGuard {
        ReplayGuard(window: window, capacity: capacity)
    }

    /// Whether the previous key (rather than the current one) made the signature.
    private func matchingKey(for canonical: CanonicalRequest, signature: String, sender: RegionName) throws(PeerRequestRefusal) -> Bool {
        guard let code = Hex.decode(signature) else { throw .badSignature(sender: sender) }
        let message = Array(canonical.text.utf8)
        if HMAC<SHA256>.isValidAuthenticationCode(code, authenticating: message, using: keys.current.symmetricKey) {
            return false
        }
        if let previous = keys.previous,
           HMAC<SHA256>.isValidAuthenticationCode(code, authenticating: message, using: previous.symmetricKey) {
            return true
        }
        throw .badSignature(sender: sender)
    }
}

/// What verification established about an accepted request.
public struct VerifiedPeerRequest: Sendable, Equatable {
    /// The sender, proven by the signature.
    public var sender: RegionName
    public var protocolVersion: PeerProtocolVersion
    public var signedAt: Timestamp
    /// True while a peer still signs with the previous key: the rotation is not finished
    /// until no request sets this (worth a metric).
    public var usedPreviousKey: Bool

    public init(sender: RegionName, protocolVersion: PeerProtocolVersion, signedAt: Timestamp, usedPreviousKey: Bool) {
        self.sender = sender
        self.protocolVersion = protocolVersion
        self.signedAt = signedAt
        self.usedPreviousKey = usedPreviousKey
    }
}
