/// An incoming request as a route handler sees it: authenticated (for `.peer` routes) and
/// read whole within the body limit.
public struct PeerRequest: Sendable {
    /// The region whose signature the server verified; `nil` on `.open` routes.
    public var peer: RegionName?
    /// The protocol version the peer signed with; `nil` on `.open` routes.
    public var protocolVersion: PeerProtocolVersion?
    /// The body exactly as received (still compressed if it was sent compressed).
    public var body: [UInt8]
    /// Header names in lowercase; use `header(_:)` to look one up by any spelling.
    public var headers: [String: String]

    public init(peer: RegionName?, protocolVersion: PeerProtocolVersion? = nil, body: [UInt8], headers: [String: String]) {
        self.peer = peer
        self.protocolVersion = protocolVersion
        self.body = body
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    /// The value of header `name`, compared case-insensitively as HTTP requires.
    public func header(_ name: String) -> String? { headers[name.lowercased()] }
}
