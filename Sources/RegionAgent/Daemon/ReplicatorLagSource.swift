import RegionCore
import RegionReplication

/// The replicator's view of each peer's catch-up: the age of the oldest change of each tier
/// the peer has not acknowledged (0 when it has everything). Fed to the failover core so a
/// recovered region returns to DNS only once it holds this region's recent writes.
struct ReplicatorLagSource: ReplicationLagSource {
    let replicator: Replicator
    let peers: [RegionName]

    func catchUpLag() async -> [RegionName: [String: Duration]] {
        var lag: [RegionName: [String: Duration]] = [:]
        for peer in peers {
            lag[peer] = await replicator.lagByTier(peer: peer)
        }
        return lag
    }
}
