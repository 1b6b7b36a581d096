import Logging
import RegionCore
import RegionNet
import RegionPostgres

/// Receives peers' batches (`POST /v1/replicate`): the receiving half of replication.
///
/// In order, and nothing is applied unless every step before the apply passed: decode the
/// body (`PeerWire`: size, compression, JSON), validate the batch as a whole
/// (`BatchValidator`: versions, destination, origin, tier, sequences, duplicates), check
/// every row's key and JSON values, then re-check residency row by row (defence in depth:
/// a row this region may not hold is refused, recorded as `rejected` in the residency log,
/// and named in the acknowledgement), apply the rest last-write-wins in one transaction,
/// and acknowledge. A malformed batch is answered 400; a database failure 503 (the sender
/// retries the same batch, which the idempotent apply makes safe).
public struct ReplicationReceiver: Sendable {
    private let region: RegionName
    private let policy: ResidencyPolicy
    private let validator: BatchValidator
    private let wire: PeerWire
    private let codec: RowCodec
    private let appliers: ApplierPool
    private let audit: ResidencyAuditTrail
    private let metrics: ReplicationMetrics
    private let clock: @Sendable () -> Timestamp
    private let logger: Logger

    public init(
        config: RegionsConfig, region: RegionName, appliers: ApplierPool, codec: RowCodec, audit: ResidencyAuditTrail,
        wire: PeerWire? = nil, metrics: ReplicationMetrics = .init(), clock: @escaping @Sendable () -> Timestamp = WallClock.now,
        logger: Logger
    ) {
        self.region = region
        policy = ResidencyPolicy(config: config)
        validator = BatchValidator(config: config, local: region)
        self.wire = wire ?? PeerWire(security: config.security)
        self.codec = codec
        self.appliers = appliers
        self.audit = audit
        self.metrics = metrics
        self.clock = clock
        self.logger = logger
    }

    /// The route to hand to the agent's server.
    public var route: PeerRoute {
        PeerRoute(.replicate) { request in await receive(request) }
    }

    public func receive(_ request: PeerRequest) async -> PeerReply {
        guard let sender = request.peer else {
            return refuse(status: 401, reason: "unsigned", message: "replication batches must be signed by a peer region", origin: nil)
        }
        let batchRequest: ReplicateRequest
        do {
            batchRequest = try wire.decode(ReplicateRequest.self, from: request.body, header: request.header)
        } catch {
            return refuse(status: error.httpStatus, reason: error.metricLabel, message: error.description, origin: sender)
        }
        do {
            try validator.validate(batchRequest, sender: sender)
        } catch {
            return refuse(status: error.httpStatus, reason: error.metricLabel, message: error.description, origin: sender)
        }
        return await apply(batchRequest.batch, from: sender)
    }

    private func apply(_ batch: OutboundBatch, from sender: RegionName) async -> PeerReply {
        let screened = policy.screen(batch.changes, at: region, from: sender)
        var changes: [RemoteChange] = []
        changes.reserveCapacity(screened.admitted.count)
        for row in screened.admitted {
            guard let change = codec.remoteChange(row) else {
                return refuse(
                    status: 400, reason: "malformed_row",
                    message: "a row of \(row.table) has a key or value that is not the JSON the changelog produces; the sender is faulty",
                    origin: sender)
            }
            changes.append(change)
        }
        do {
            try await audit.record(screened.rejected, at: clock())
            let admitted = changes
            let outcome = try await appliers.withApplier { try await $0.apply(admitted) }
            let now = clock()
            metrics.applied(
                lags: screened.admitted.map { now - Timestamp(milliseconds: $0.version.hlc.physicalMilliseconds) },
                applied: outcome.applied, stale: outcome.ignored, conflicts: outcome.conflicts, rejected: screened.rejected.count,
                origin: sender, tier: batch.tier)
            if !screened.rejected.isEmpty {
                logger.warning("rejected rows this region may not hold", metadata: [
                    "origin": "\(sender)", "tier": "\(batch.tier)", "rows": "\(screened.rejected.count)",
                ])
            }
            return .json(ReplicateAcknowledgement(
                batchID: batch.id, receiver: region, applied: outcome.applied, stale: outcome.received - outcome.applied,
                rejectedRows: screened.rejected.map { RowIdentity(table: $0.table, key: $0.key) }))
        } catch {
            logger.error("could not apply a batch; the sender will retry it", metadata: [
                "origin": "\(sender)", "tier": "\(batch.tier)", "batch": "\(batch.id)", "error": "\(error)",
            ])
            return .refusal(
                status: 503, reason: "apply_failed",
                message: "\(region) could not apply the batch (\(error)); it will be retried")
        }
    }

    private func refuse(status: Int, reason: String, message: String, origin: RegionName?) -> PeerReply {
        metrics.refusedBatch(reason: reason, origin: origin)
        logger.warning("refused a replication batch", metadata: [
            "origin": "\(origin?.rawValue ?? "unknown")", "reason": "\(reason)", "detail": "\(message)",
        ])
        return .refusal(status: status, reason: reason, message: message)
    }
}
