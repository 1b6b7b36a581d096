import Foundation
import RegionCore

/// Reaches a region's store in this process through the peer protocol's JSON encoding:
/// every request and answer is encoded, metered and decoded exactly as it would travel, so
/// tests, the benchmark and `regiond integrity check --direct` exchange (and count) what the
/// HTTP transport would.
public struct LoopbackIntegrityPeer: IntegrityPeer {
    private let store: any IntegrityPeer
    private let meter: ExchangeMeter

    public init(store: any IntegrityPeer, meter: ExchangeMeter) {
        self.store = store
        self.meter = meter
    }

    public var region: RegionName { store.region }

    public func summarize(_ request: IntegritySummaryRequest) async throws -> IntegritySummaryResponse {
        try await exchange(request, store.summarize)
    }

    public func listRows(_ request: IntegrityRowsRequest) async throws -> IntegrityRowsResponse {
        try await exchange(request, store.listRows)
    }

    public func fetchRows(_ request: IntegrityFetchRequest) async throws -> IntegrityFetchResponse {
        try await exchange(request, store.fetchRows)
    }

    public func repair(_ request: IntegrityRepairRequest) async throws -> IntegrityRepairResponse {
        try await exchange(request, store.repair)
    }

    private func exchange<Request: Codable & Sendable, Response: Codable & Sendable>(
        _ request: Request, _ handler: (Request) async throws -> Response
    ) async throws -> Response {
        let requestBody = try JSONEncoder().encode(request)
        await meter.record(bytes: requestBody.count)
        let response = try await handler(try JSONDecoder().decode(Request.self, from: requestBody))
        let responseBody = try JSONEncoder().encode(response)
        await meter.record(bytes: responseBody.count)
        return try JSONDecoder().decode(Response.self, from: responseBody)
    }
}
