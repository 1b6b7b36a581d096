import Foundation
import Logging
import RegionCore

/// `POST /v1/erase`: an operator (through `regiond erase`, signed with the cluster key) asks
/// the agent of the region holding a row to erase it. The agent runs the `Eraser` on its own
/// database, so the tombstone replicates as every other delete and the erasure is recorded in
/// that region's residency log.
public enum ErasureRoute {
    public static func make(eraser: Eraser, region: RegionName, clock: @escaping @Sendable () -> Timestamp, logger: Logger) -> PeerRoute {
        let gate = SerialGate()
        return PeerRoute(method: "POST", path: ErasureRequest.path, access: .peer) { request in
            guard let erasure = try? JSONDecoder().decode(ErasureRequest.self, from: Data(request.body)) else {
                return .refusal(
                    status: 400, reason: "malformed_erasure",
                    message: "the body is not an erasure request ({table, key, requestedBy}); run the same regiond release as the agent")
            }
            do {
                let result = try await gate.run { try await eraser.erase(table: erasure.table, key: erasure.key, at: clock()) }
                logger.info("erasure requested over the peer protocol", metadata: [
                    "table": "\(erasure.table)", "requested_by": "\(erasure.requestedBy)", "rows": "\(result.rows)",
                ])
                return .json(ErasureReply(
                    region: region, table: result.table, rows: result.rows, className: result.className, replicatedTo: result.replicatedTo))
            } catch let error as ErasureError {
                return .refusal(status: 422, reason: "erasure_refused", message: error.description)
            } catch {
                logger.error("erasure failed", metadata: ["table": "\(erasure.table)", "error": "\(error)"])
                return .refusal(status: 500, reason: "erasure_failed", message: "the erasure did not complete (\(error)); run it again, it is idempotent")
            }
        }
    }
}
