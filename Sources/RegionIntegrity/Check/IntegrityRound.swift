import Logging
import RegionCore

/// One scheduled integrity round of a region (every `integrity.interval`): check every
/// replicated table with each peer this region is responsible for (`IntegrityPairing`),
/// repairing and reporting as it goes. The agent's scheduler calls `run` and raises the
/// returned alarms.
///
/// A failure against one peer (unreachable, refusing) is logged and does not stop the round
/// for the others.
public struct IntegrityRound: Sendable {
    /// A peer reached through some transport, with the meter that transport reports into.
    public struct Peer: Sendable {
        public var connection: any IntegrityPeer
        public var meter: ExchangeMeter

        public init(connection: any IntegrityPeer, meter: ExchangeMeter) {
            self.connection = connection
            self.meter = meter
        }
    }

    private let config: RegionsConfig
    private let local: any IntegrityPeer
    private let reporter: IntegrityReporter
    private let logger: Logger

    public init(config: RegionsConfig, local: any IntegrityPeer, reporter: IntegrityReporter, logger: Logger) {
        self.config = config
        self.local = local
        self.reporter = reporter
        self.logger = logger
    }

    /// The peers this region checks, by name, for the agent to connect.
    public var peerNames: [RegionName] { IntegrityPairing.peersToCheck(config: config, from: local.region) }

    /// - Parameter clock: reads the wall clock; called per table so long rounds stay accurate.
    public func run(peers: [Peer], clock: @Sendable () -> Timestamp) async -> [IntegrityAlarm] {
        var alarms: [IntegrityAlarm] = []
        for peer in peers {
            let checker = IntegrityChecker(config: config, local: local, remote: peer.connection, logger: logger)
            for table in config.replicatedTables {
                do {
                    let bytesBefore = await peer.meter.bytes
                    let start = ContinuousClock.now
                    let result = try await checker.check(table: table, now: clock(), repair: true)
                    let bytes = await peer.meter.bytes - bytesBefore
                    if let alarm = try await reporter.report(result, duration: ContinuousClock.now - start, bytesExchanged: bytes, at: clock()) {
                        alarms.append(alarm)
                    }
                } catch {
                    logger.error("integrity check failed", metadata: ["table": "\(table)", "peer": "\(peer.connection.region)", "error": "\(error)"])
                }
            }
        }
        return alarms
    }
}
