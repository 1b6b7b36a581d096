import Foundation
import Logging
import RegionCore
import RegionNet

/// Sends a drain or undrain to every agent of the deployment, signed with the cluster key.
///
/// Drains are not gossiped (the core's rule): every agent must hear it so that whichever
/// agent coordinates plans with it. Each request is signed as `PeerClient.operatorRequests`
/// describes.
public struct DrainBroadcast: Sendable {
    public var config: RegionsConfig
    public var keys: ClusterKeyring
    public var client: HTTPClient
    public var logger: Logger

    public init(config: RegionsConfig, keys: ClusterKeyring, client: HTTPClient, logger: Logger) {
        self.config = config
        self.keys = keys
        self.client = client
        self.logger = logger
    }

    /// One agent's answer: the regions it now holds drained, or why it did not take the request.
    public struct Delivery: Sendable {
        public var agent: RegionName
        public var result: Result<DrainReply, DrainDeliveryError>
    }

    /// Posts `request` to every agent concurrently; the deliveries come back in config order.
    public func send(_ request: DrainRequest) async -> [Delivery] {
        let body = (try? JSONEncoder().encode(request)).map(Array.init) ?? []
        let deliveries = await withTaskGroup(of: Delivery.self) { group in
            for agent in config.voterNames {
                group.addTask { Delivery(agent: agent, result: await deliver(body, to: agent)) }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        return config.voterNames.compactMap { agent in deliveries.first { $0.agent == agent } }
    }

    private func deliver(_ body: [UInt8], to agent: RegionName) async -> Result<DrainReply, DrainDeliveryError> {
        guard let peers = PeerClient.operatorRequests(to: agent, config: config, keys: keys, http: client, logger: logger) else {
            return .failure(DrainDeliveryError(reason: "a drain needs at least two regions in regions.yaml"))
        }
        do {
            let response = try await peers.send(method: "POST", path: DrainRequest.path, body: body, to: agent)
            guard response.isSuccess else { return .failure(DrainDeliveryError(reason: response.failureDescription)) }
            return .success(try JSONDecoder().decode(DrainReply.self, from: Data(response.body)))
        } catch {
            return .failure(DrainDeliveryError(reason: "\(error)"))
        }
    }
}

/// Why an agent did not take a drain request.
public struct DrainDeliveryError: Error, Sendable, CustomStringConvertible {
    public var reason: String
    public var description: String { reason }
}
