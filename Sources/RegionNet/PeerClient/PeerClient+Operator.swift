import Logging
import RegionCore

extension PeerClient {
    /// A client for an operator's request (drain, erasure) to `target`'s agent, or nil when
    /// regions.yaml names no other region.
    ///
    /// The peer protocol names a cluster member as sender and refuses a request in the
    /// receiver's own name, so an operator's request is signed in the name of the first other
    /// voter; the cluster key is what authenticates it, and the operator is named in the body
    /// for the residency log.
    public static func operatorRequests(
        to target: RegionName, config: RegionsConfig, keys: ClusterKeyring, http: HTTPClient, logger: Logger
    ) -> PeerClient? {
        guard let sender = config.voterNames.first(where: { $0 != target }) else { return nil }
        return PeerClient(config: config, signer: RequestSigner(key: keys.current, sender: sender), http: http, logger: logger)
    }
}
