/// Who may call a route of the agent's HTTP server.
public enum PeerRouteAccess: Sendable, Equatable {
    /// Only requests signed by another region of the cluster (`RequestVerifier`).
    case peer
    /// Anyone who can reach the port: `/healthz`, `/readyz`, `/metrics`. Such routes must
    /// reveal nothing a stranger should not learn and change nothing.
    case open
}

/// One endpoint of the agent's HTTP server, as a value.
///
/// Components (replication, gossip, integrity, drain) hand their routes to the server
/// instead of editing it, and live in modules that do not depend on the HTTP framework:
/// the server authenticates, limits the body, then calls `handler` with what it proved.
public struct PeerRoute: Sendable {
    public var method: String
    public var path: String
    public var access: PeerRouteAccess
    public var handler: @Sendable (PeerRequest) async -> PeerReply

    public init(method: String, path: String, access: PeerRouteAccess, handler: @escaping @Sendable (PeerRequest) async -> PeerReply) {
        self.method = method.uppercased()
        self.path = path
        self.access = access
        self.handler = handler
    }

    /// A signed-peer route for one of the protocol's endpoints.
    public init(_ endpoint: PeerEndpoint, handler: @escaping @Sendable (PeerRequest) async -> PeerReply) {
        self.init(method: endpoint.method, path: endpoint.path, access: .peer, handler: handler)
    }
}
