import Foundation
import Logging
import RegionCore
import RegionNet

/// Sends an erasure request to the agent of the region that holds the row.
///
/// Like `regiond drain`, the request is signed as `PeerClient.operatorRequests` describes.
public struct ErasureClient: Sendable {
    private let config: RegionsConfig
    private let keys: ClusterKeyring
    private let http: HTTPClient
    private let logger: Logger

    public init(config: RegionsConfig, keys: ClusterKeyring, http: HTTPClient, logger: Logger) {
        self.config = config
        self.keys = keys
        self.http = http
        self.logger = logger
    }

    public func erase(_ request: ErasureRequest, in region: RegionName) async throws -> ErasureReply {
        guard let client = PeerClient.operatorRequests(to: region, config: config, keys: keys, http: http, logger: logger) else {
            throw IntegrityTransportError.refused(peer: region, status: 0, reason: "an erasure through an agent needs a second region in regions.yaml to sign as; use --direct")
        }
        let body = Array(try JSONEncoder().encode(request))
        let response: PeerResponse
        do {
            response = try await client.send(method: "POST", path: ErasureRequest.path, body: body, to: region)
        } catch {
            throw IntegrityTransportError.unreachable(peer: region, detail: error.description)
        }
        guard response.isSuccess else {
            throw IntegrityTransportError.refused(peer: region, status: response.status, reason: response.failureDescription)
        }
        guard let reply = try? JSONDecoder().decode(ErasureReply.self, from: Data(response.body)) else {
            throw IntegrityTransportError.malformedAnswer(peer: region, path: ErasureRequest.path)
        }
        return reply
    }
}
