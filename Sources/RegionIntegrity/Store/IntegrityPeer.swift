import RegionCore

/// One region as the integrity check talks to it: the same four questions whether the
/// region is this process's own database, a peer reached over the peer protocol, or a
/// second database in a test or benchmark.
///
/// Every answer covers only rows both the answering region and `requester` may hold, so a
/// region's private rows never leave it, whichever side asks.
public protocol IntegrityPeer: Sendable {
    var region: RegionName { get }
    func summarize(_ request: IntegritySummaryRequest) async throws -> IntegritySummaryResponse
    func listRows(_ request: IntegrityRowsRequest) async throws -> IntegrityRowsResponse
    func fetchRows(_ request: IntegrityFetchRequest) async throws -> IntegrityFetchResponse
    func repair(_ request: IntegrityRepairRequest) async throws -> IntegrityRepairResponse
}
