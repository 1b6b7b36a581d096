import Logging
import RegionCore
import RegionIntegrity
import RegionNet

/// The scheduled integrity check of one agent: checks every table with each peer this region
/// is responsible for (`IntegrityPairing`), over the peer protocol, and records the results.
///
/// An agent on the minority side of a partition changes nothing (DESIGN), so it skips the
/// round; peers outside the agreed view are down and skipped until they return.
struct IntegrityRoundJob: Sendable {
    let round: IntegrityRound
    let client: PeerClient
    let ledger: IntegrityLedger
    /// The agreed view, or nil while this agent is not on the majority side.
    let view: @Sendable () async -> [RegionName]?
    let clock: any AgentClock
    let logger: Logger

    func run() async {
        guard let view = await view() else {
            logger.info("integrity round skipped: this agent is not on the majority side")
            return
        }
        let peers = round.peerNames.filter(view.contains).map { name in
            let meter = ExchangeMeter()
            return IntegrityRound.Peer(connection: HTTPIntegrityPeer(region: name, client: client, meter: meter, maxBodyBytes: round.maxBodyBytes), meter: meter)
        }
        guard !peers.isEmpty else { return }
        let outcome = await round.run(peers: peers, clock: { clock.now() })
        await ledger.record(outcome.records)
        let differing = outcome.records.reduce(0) { $0 + $1.differing }
        let repaired = outcome.records.reduce(0) { $0 + $1.repaired }
        logger.info("integrity round finished", metadata: [
            "peers": "\(peers.map(\.connection.region))", "differing": "\(differing)", "repaired": "\(repaired)",
            "alarms": "\(outcome.alarms.count)", "failed": "\(outcome.records.filter { $0.failure != nil }.count)",
        ])
    }
}
