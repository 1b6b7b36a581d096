import Foundation
import Logging
import RegionCore

/// The integrity endpoints a region serves to its peers, as `PeerRoute` values the agent's
/// server mounts (the server authenticates; these decode, check and answer).
///
/// Residency is decided here, never by the client: a request must name its signer as
/// `requester`, and the store answers with rows both itself and that region may hold, and
/// refuses repair rows of a class this region may not hold.
public enum IntegrityRoutes {
    public static let summaryPath = "/v1/integrity/summary"
    public static let rowsPath = "/v1/integrity/rows"
    public static let fetchPath = "/v1/integrity/fetch"
    public static let repairPath = "/v1/integrity/repair"

    public static func routes(store: any IntegrityPeer, logger: Logger) -> [PeerRoute] {
        [
            route(summaryPath, logger: logger) { (request: IntegritySummaryRequest) in try await store.summarize(request) },
            route(rowsPath, logger: logger) { (request: IntegrityRowsRequest) in try await store.listRows(request) },
            route(fetchPath, logger: logger) { (request: IntegrityFetchRequest) in try await store.fetchRows(request) },
            route(repairPath, logger: logger) { (request: IntegrityRepairRequest) in try await store.repair(request) },
        ]
    }

    static func route<Request: IntegrityRequestMessage, Response: Encodable & Sendable>(
        _ path: String, logger: Logger, _ handler: @escaping @Sendable (Request) async throws -> Response
    ) -> PeerRoute {
        PeerRoute(method: "POST", path: path, access: .peer) { incoming in
            guard let message = try? JSONDecoder().decode(Request.self, from: Data(incoming.body)) else {
                return .refusal(
                    status: 400, reason: "malformed_integrity_request",
                    message: "the body is not a \(Request.self) JSON object; run the same regiond release in every region")
            }
            guard let signer = incoming.peer, signer == message.requester else {
                return .refusal(
                    status: 403, reason: "requester_mismatch",
                    message: "the request names \(message.requester) as requester but was signed by \(incoming.peer?.rawValue ?? "nobody"); a region may only ask for itself")
            }
            do {
                return .json(try await handler(message))
            } catch let error as IntegrityStoreError {
                return .refusal(status: 422, reason: "integrity_unanswerable", message: error.description)
            } catch {
                logger.error("integrity request failed", metadata: ["path": "\(path)", "peer": "\(signer)", "error": "\(error)"])
                return .refusal(status: 500, reason: "integrity_failed", message: "\(error)")
            }
        }
    }
}
