import Foundation
import RegionCore
import RegionNet

/// A peer region's integrity endpoints reached over the signed peer protocol (`PeerClient`).
///
/// The meter counts request and answer bodies exactly as they travel, so the bytes a check
/// reports are the bytes that crossed the network (HTTP headers aside).
public struct HTTPIntegrityPeer: IntegrityPeer {
    public let region: RegionName
    private let client: PeerClient
    private let meter: ExchangeMeter

    /// - Parameter client: signs as the requesting region, the one named in every request.
    public init(region: RegionName, client: PeerClient, meter: ExchangeMeter) {
        self.region = region
        self.client = client
        self.meter = meter
    }

    public func summarize(_ request: IntegritySummaryRequest) async throws -> IntegritySummaryResponse {
        try await exchange(IntegrityRoutes.summaryPath, request)
    }

    public func listRows(_ request: IntegrityRowsRequest) async throws -> IntegrityRowsResponse {
        try await exchange(IntegrityRoutes.rowsPath, request)
    }

    public func fetchRows(_ request: IntegrityFetchRequest) async throws -> IntegrityFetchResponse {
        try await exchange(IntegrityRoutes.fetchPath, request)
    }

    public func repair(_ request: IntegrityRepairRequest) async throws -> IntegrityRepairResponse {
        try await exchange(IntegrityRoutes.repairPath, request)
    }

    private func exchange<Request: Encodable, Response: Decodable>(_ path: String, _ request: Request) async throws -> Response {
        let body = Array(try JSONEncoder().encode(request))
        let response: PeerResponse
        do {
            response = try await client.send(
                method: "POST", path: path, body: body, headers: [(name: "Content-Type", value: "application/json")], to: region)
        } catch {
            throw IntegrityTransportError.unreachable(peer: region, detail: error.description)
        }
        await meter.record(bytes: body.count)
        await meter.record(bytes: response.body.count)
        guard response.isSuccess else {
            throw IntegrityTransportError.refused(peer: region, status: response.status, reason: response.failureDescription)
        }
        guard let decoded = try? JSONDecoder().decode(Response.self, from: Data(response.body)) else {
            throw IntegrityTransportError.malformedAnswer(peer: region, path: path)
        }
        return decoded
    }
}
