/// An integrity request: each names the region asking, whose residency the answer respects.
///
/// The serving agent accepts it only when `requester` is the region that signed it, so a
/// peer cannot ask for rows meant for another region by naming that region.
public protocol IntegrityRequestMessage: Codable, Sendable {
    var requester: RegionName { get }
}

extension IntegrityBlocksRequest: IntegrityRequestMessage {}
extension IntegrityFetchRequest: IntegrityRequestMessage {}
extension IntegrityRepairRequest: IntegrityRequestMessage {}
