import ArgumentParser
import Logging
import RegionAgent
import RegionCore
import RegionIntegrity
import RegionNet

/// How `regiond integrity check` reaches the peer region: its agent over the signed peer
/// protocol (the default, as the agent's own schedule does), or its database directly.
enum IntegrityPeerTransport {
    /// `maxBodyBytes` is the cluster's `security.max_body_bytes`: requests are split under it.
    case agent(PeerClient, HTTPClient, maxBodyBytes: Int)
    case database(PostgresIntegrityStore)

    /// - Parameter direct: open the peer's database instead of asking its agent.
    static func open(direct: Bool, config: RegionsConfig, region: String, peer: String, logger: Logger) async throws -> IntegrityPeerTransport {
        guard config.region(RegionName(peer)) != nil else { throw RegionDatabaseConnection.unknownRegion(peer, in: config) }
        if direct {
            return .database(try await IntegrityCheckCommand.store(config: config, region: peer, logger: logger))
        }
        let keys: ClusterKeyring
        do {
            keys = try ClusterKeyLoader.load(config.security)
        } catch {
            throw ValidationError("\(error); or pass --direct to open the peer's database instead of asking its agent")
        }
        let http = try HTTPClient(logger: logger)
        let client = PeerClient(
            config: config, signer: RequestSigner(key: keys.current, sender: RegionName(region)), http: http,
            timeout: AgentIntegrity.peerTimeout, logger: logger)
        return .agent(client, http, maxBodyBytes: config.security.maxBodyBytes)
    }

    /// The peer as the checker talks to it, counting exchanged bytes into `meter`.
    func peer(_ name: RegionName, meter: ExchangeMeter) -> any IntegrityPeer {
        switch self {
        case .agent(let client, _, let maxBodyBytes):
            HTTPIntegrityPeer(region: name, client: client, meter: meter, maxBodyBytes: maxBodyBytes)
        case .database(let store): LoopbackIntegrityPeer(store: store, meter: meter)
        }
    }

    func close() async {
        if case .agent(_, let http, _) = self { await http.shutdown() }
    }
}
