import Logging
import RegionCore

/// One scheduled integrity round of a region (every `integrity.interval`): check every
/// replicated table with each peer this region is responsible for (`IntegrityPairing`),
/// repairing and reporting as it goes.
///
/// A failure against one peer (unreachable, refusing) is logged and recorded, and does not
/// stop the round for the others.
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

    /// What a round did: one record per peer and table, and the alarms to raise.
    public struct Outcome: Sendable {
        public var records: [IntegrityRunRecord] = []
        public var alarms: [IntegrityAlarm] = []
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

    /// The request body size every agent accepts (`security.max_body_bytes`).
    public var maxBodyBytes: Int { config.security.maxBodyBytes }

    /// - Parameter clock: reads the wall clock; called per table so long rounds stay accurate.
    public func run(peers: [Peer], clock: @Sendable () -> Timestamp) async -> Outcome {
        var outcome = Outcome()
        for peer in peers {
            let checker = IntegrityChecker(config: config, local: local, remote: peer.connection, logger: logger)
            for table in config.replicatedTables {
                let bytesBefore = await peer.meter.bytes
                let start = ContinuousClock.now
                do {
                    let result = try await checker.check(table: table, now: clock(), repair: true)
                    let bytes = await peer.meter.bytes - bytesBefore
                    let duration = ContinuousClock.now - start
                    outcome.records.append(IntegrityRunRecord(result, bytesExchanged: bytes, duration: duration, finishedAt: clock()))
                    if let alarm = try await reporter.report(result, duration: duration, bytesExchanged: bytes, at: clock()) {
                        outcome.alarms.append(alarm)
                    }
                } catch {
                    logger.error("integrity check failed", metadata: ["table": "\(table)", "peer": "\(peer.connection.region)", "error": "\(error)"])
                    reporter.recordFailure(table: table, peer: peer.connection.region)
                    outcome.records.append(IntegrityRunRecord(
                        peer: peer.connection.region, table: table, finishedAt: clock(),
                        bytesExchanged: await peer.meter.bytes - bytesBefore,
                        durationMilliseconds: (ContinuousClock.now - start).milliseconds, failure: "\(error)"))
                }
            }
        }
        return outcome
    }
}
