import Foundation
import Hummingbird
import Logging
import RegionCore
import ServiceLifecycle

/// The agent's HTTP server: authenticates peer requests and dispatches them to routes.
///
/// For a `.peer` route, in order: the declared body size (before reading), the protocol
/// version (an incompatible peer is told both versions), the body read with a running
/// limit, then `RequestVerifier` (sender, window, signature with the current or previous
/// key, replay). Every refusal is answered with a JSON `PeerRefusalBody`, logged, and
/// counted in `regiond_peer_requests_refused_total{reason}`, and so is a route's own 4xx
/// refusal (e.g. `origin_mismatch`, a batch forged for another region). `.open` routes only get the
/// size limit. Routes are values (`PeerRoute`), so components add theirs without editing
/// the server.
public struct PeerServer: Service {
    private let configuration: PeerServerConfiguration
    private let routes: PeerRouteTable
    private let logger: Logger
    private let authenticator: PeerAuthenticator
    private let port = ListeningPort()
    private let refusals: PeerRefusalCounter

    public init(configuration: PeerServerConfiguration, routes: [PeerRoute], logger: Logger) {
        self.configuration = configuration
        self.routes = PeerRouteTable(routes)
        self.logger = logger
        refusals = PeerRefusalCounter(factory: configuration.metrics)
        authenticator = PeerAuthenticator(verifier: configuration.verifier, replayCapacity: configuration.replayCapacity)
    }

    /// Serves until the task is cancelled or a graceful shutdown is signalled.
    public func run() async throws {
        let application = Application(
            responder: CallbackResponder<BasicRequestContext> { request, _ in await self.respond(to: request) },
            configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port)),
            onServerRunning: { [port, configuration] channel in
                await port.publish(channel.localAddress?.port ?? configuration.port)
            },
            logger: logger)
        try await application.run()
    }

    /// The bound port, once listening; waits until then. Useful with `port: 0`.
    public func listeningPort() async -> Int { await port.value() }

    // MARK: Dispatch

    private func respond(to request: Request) async -> Response {
        let method = request.method.rawValue
        let path = request.uri.path
        switch routes.lookup(method: method, path: path) {
        case .notFound:
            return refuse(status: 404, reason: "unknown_route", message: "no route \(method) \(path); peers and probes use /v1/..., /healthz, /readyz or /metrics")
        case .methodNotAllowed(let allowed):
            return refuse(status: 405, reason: "method_not_allowed", message: "\(path) accepts \(allowed.joined(separator: ", ")), not \(method)")
        case .found(let route):
            do {
                let peerRequest = try await admit(request, to: route)
                let reply = await route.handler(peerRequest)
                countRouteRefusal(reply, method: method, path: path)
                return Response(reply)
            } catch let refusal as PeerRequestRefusal {
                return refuse(refusal, method: method, path: path)
            } catch {
                return refuse(status: 400, reason: "unreadable_body", message: "could not read the request body: \(error)")
            }
        }
    }

    /// Runs the checks of `route.access` and reads the body within the limit.
    private func admit(_ request: Request, to route: PeerRoute) async throws -> PeerRequest {
        let headers = request.headers.lowercasedDictionary
        let reader = BoundedBodyReader(limit: configuration.maxBodyBytes)
        try reader.admit(declaredLength: headers["content-length"])
        switch route.access {
        case .open:
            return PeerRequest(peer: nil, body: try await reader.read(request.body), headers: headers)
        case .peer:
            let signed = try PeerRequestHeaders { headers[$0.lowercased()] }
            try configuration.verifier.localVersion.negotiate(with: signed.protocolVersion, peer: signed.sender)
            let body = try await reader.read(request.body)
            let verified = try await authenticator.authenticate(
                method: route.method, path: route.path, headers: signed, body: body, now: configuration.clock())
            return PeerRequest(peer: verified.sender, protocolVersion: verified.protocolVersion, body: body, headers: headers)
        }
    }

    // MARK: Refusals

    private func refuse(_ refusal: PeerRequestRefusal, method: String, path: String) -> Response {
        logger.warning("refused peer request", metadata: [
            "method": "\(method)", "path": "\(path)", "reason": "\(refusal.metricLabel)", "detail": "\(refusal.description)",
        ])
        refusals.count(reason: refusal.metricLabel)
        return Response(.refusal(refusal))
    }

    /// A route's own 4xx refusal (a batch claiming an origin other than its signer, a
    /// malformed batch, an integrity request naming another requester) is a refused peer
    /// request too, so one counter shows every refusal, under the reason the route gave.
    /// Server errors (5xx) are the receiver's trouble, not the peer's, and are not counted.
    private func countRouteRefusal(_ reply: PeerReply, method: String, path: String) {
        guard (400..<500).contains(reply.status),
              let refusal = try? JSONDecoder().decode(PeerRefusalBody.self, from: Data(reply.body))
        else { return }
        logger.notice("route refused peer request", metadata: ["method": "\(method)", "path": "\(path)", "reason": "\(refusal.reason)"])
        refusals.count(reason: refusal.reason)
    }

    private func refuse(status: Int, reason: String, message: String) -> Response {
        logger.notice("refused request", metadata: ["reason": "\(reason)", "detail": "\(message)"])
        refusals.count(reason: reason)
        return Response(.refusal(status: status, reason: reason, message: message))
    }
}

extension Response {
    init(_ reply: PeerReply) {
        var headers = HTTPFields()
        headers[.contentType] = reply.contentType
        self.init(
            status: HTTPResponse.Status(code: reply.status), headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: reply.body)))
    }
}

extension HTTPFields {
    /// Header names lowercased; the first value wins when a name repeats.
    var lowercasedDictionary: [String: String] {
        var dictionary: [String: String] = [:]
        for field in self where dictionary[field.name.canonicalName] == nil {
            dictionary[field.name.canonicalName] = field.value
        }
        return dictionary
    }
}
