import Foundation
import RegionCore
import RegionNet
import RegionReplication

/// Catch-up lag as this agent can know it.
///
/// - For each peer: the replicator's age of the oldest change of each tier the peer has not
///   acknowledged (0 when it has everything).
/// - For this region: what the peers measure for it, read from their `GET /v1/status`, the
///   largest per tier. Peers that do not answer are skipped: a region that is down has no
///   users to serve and nothing to send until it returns, and waiting for it would keep this
///   region out of DNS for the length of an unrelated outage. At least one peer must answer,
///   and every peer that answers must know every tier (fail closed); the core gossips the
///   result, so every agent, including this one when it coordinates after a restart, gates
///   failback on the same numbers.
struct ReplicatorLagSource: ReplicationLagSource {
    let region: RegionName
    let replicator: Replicator
    let peers: [RegionName]
    let tiers: [String]
    let client: PeerClient

    func catchUpLag() async -> [RegionName: [String: Duration]] {
        var lag: [RegionName: [String: Duration]] = [:]
        for peer in peers {
            lag[peer] = await replicator.lagByTier(peer: peer)
        }
        if let own = await ownLagMeasuredByPeers() { lag[region] = own }
        return lag
    }

    private func ownLagMeasuredByPeers() async -> [String: Duration]? {
        var worst: [String: Duration] = [:]
        var answered = 0
        for peer in peers {
            guard let response = try? await client.send(method: "GET", path: PeerEndpoint.status.path, to: peer),
                  response.isSuccess,
                  let status = try? JSONDecoder().decode(AgentStatus.self, from: Data(response.body))
            else { continue }
            guard let measured = status.regions.first(where: { $0.name == region })?.lagMillisecondsByTier,
                  tiers.allSatisfy({ measured[$0] != nil })
            else { return nil }
            answered += 1
            for tier in tiers {
                worst[tier] = max(worst[tier] ?? .zero, .milliseconds(measured[tier] ?? 0))
            }
        }
        return answered > 0 ? worst : nil
    }
}
