/// The body of `POST /v1/replicate`: one batch of changes for one tier, from its origin
/// region to the receiving region.
///
/// The batch's `peer` is the destination, `tier` the tier, `sequences` the origin's
/// changelog cursor range, and each change carries its row, version and residency class.
public struct ReplicateRequest: Hashable, Sendable, Codable {
    public var protocolVersion: PeerProtocolVersion
    /// The region whose changelog the batch was cut from.
    public var origin: RegionName
    public var batch: OutboundBatch

    public init(protocolVersion: PeerProtocolVersion = .current, origin: RegionName, batch: OutboundBatch) {
        self.protocolVersion = protocolVersion
        self.origin = origin
        self.batch = batch
    }

    public var destination: RegionName { batch.peer }
}
