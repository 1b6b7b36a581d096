import RegionCore

/// Routes indexed by path, then method; a later route for the same method and path
/// replaces an earlier one.
struct PeerRouteTable: Sendable {
    enum Match {
        case found(PeerRoute)
        case methodNotAllowed(allowed: [String])
        case notFound
    }

    private var byPath: [String: [String: PeerRoute]] = [:]

    init(_ routes: [PeerRoute]) {
        for route in routes { byPath[route.path, default: [:]][route.method] = route }
    }

    func lookup(method: String, path: String) -> Match {
        guard let methods = byPath[path] else { return .notFound }
        guard let route = methods[method.uppercased()] else { return .methodNotAllowed(allowed: methods.keys.sorted()) }
        return .found(route)
    }
}
