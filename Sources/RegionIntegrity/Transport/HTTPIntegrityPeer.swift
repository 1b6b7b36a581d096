import Foundation
import RegionCore
import RegionNet

/// A peer region's integrity endpoints reached over the signed peer protocol (`PeerClient`).
///
/// The meter counts request and answer bodies exactly as they travel, so the bytes a check
/// reports are the bytes that crossed the network (HTTP headers aside).
///
/// Requests that grow with the divergence (repairs carry whole rows, fetches keys, summaries
/// and listings blocks) are split so each body stays under the receiver's `security.max_body_bytes`, which refuses a
/// larger body before reading it: first by the limit this agent knows, then, if the peer still
/// answers 413 (its limit is smaller), by halving until the parts fit. A refused body was
/// never read, so nothing of it was applied and resending it in parts is safe.
///
/// Answers are bounded the same way from the other side: `PeerClient` drops an answer over
/// this agent's own limit, and the request that asked for it is halved, so a large listing
/// or fetch arrives in parts. Every integrity request only reads or applies LWW (idempotent),
/// so asking again in halves is safe even when the dropped answer's request had taken effect.
public struct HTTPIntegrityPeer: IntegrityPeer {
    public let region: RegionName
    private let client: PeerClient
    private let meter: ExchangeMeter
    private let maxBodyBytes: Int

    /// - Parameters:
    ///   - client: signs as the requesting region, the one named in every request.
    ///   - maxBodyBytes: the peer's `security.max_body_bytes` as this agent's regions.yaml says.
    public init(region: RegionName, client: PeerClient, meter: ExchangeMeter, maxBodyBytes: Int = SecuritySettings().maxBodyBytes) {
        self.region = region
        self.client = client
        self.meter = meter
        self.maxBodyBytes = max(1, maxBodyBytes)
    }

    public func summarize(_ request: IntegritySummaryRequest) async throws -> IntegritySummaryResponse {
        let parts: [IntegritySummaryResponse] = try await exchangeInParts(IntegrityRoutes.summaryPath, request.blocks[...]) { blocks in
            IntegritySummaryRequest(requester: request.requester, table: request.table, floor: request.floor, blocks: blocks)
        }
        return IntegritySummaryResponse(summaries: parts.flatMap(\.summaries))
    }

    public func listRows(_ request: IntegrityRowsRequest) async throws -> IntegrityRowsResponse {
        let parts: [IntegrityRowsResponse] = try await exchangeInParts(IntegrityRoutes.rowsPath, request.blocks[...]) { blocks in
            IntegrityRowsRequest(requester: request.requester, table: request.table, floor: request.floor, blocks: blocks)
        }
        return IntegrityRowsResponse(rows: parts.flatMap(\.rows))
    }

    public func fetchRows(_ request: IntegrityFetchRequest) async throws -> IntegrityFetchResponse {
        let parts: [IntegrityFetchResponse] = try await exchangeInParts(IntegrityRoutes.fetchPath, request.keys[...]) { keys in
            IntegrityFetchRequest(requester: request.requester, table: request.table, keys: keys)
        }
        return IntegrityFetchResponse(rows: parts.flatMap(\.rows))
    }

    public func repair(_ request: IntegrityRepairRequest) async throws -> IntegrityRepairResponse {
        let rows = request.newer.map { (newer: true, row: $0) } + request.restores.map { (newer: false, row: $0) }
        let parts: [IntegrityRepairResponse] = try await exchangeInParts(IntegrityRoutes.repairPath, rows[...]) { rows in
            IntegrityRepairRequest(
                requester: request.requester, table: request.table,
                newer: rows.filter(\.newer).map(\.row), restores: rows.filter { !$0.newer }.map(\.row))
        }
        return IntegrityRepairResponse(
            applied: parts.reduce(0) { $0 + $1.applied }, refused: parts.reduce(0) { $0 + $1.refused },
            stale: parts.reduce(0) { $0 + $1.stale })
    }

    /// Sends `make(items)` whole when it fits, otherwise its two halves, recursively.
    private func exchangeInParts<Item, Request: Encodable, Response: Decodable>(
        _ path: String, _ items: ArraySlice<Item>, _ make: ([Item]) -> Request
    ) async throws -> [Response] {
        let body = try encode(make(Array(items)))
        if body.count > maxBodyBytes {
            guard items.count > 1 else {
                throw IntegrityTransportError.overBodyLimit(peer: region, path: path, bytes: body.count, limit: maxBodyBytes)
            }
            return try await halves(path, items, make)
        }
        do {
            return [try await exchange(path, body: body)]
        } catch IntegrityTransportError.refused(_, 413, _) where items.count > 1 {
            return try await halves(path, items, make)
        } catch IntegrityTransportError.answerOverLimit where items.count > 1 {
            return try await halves(path, items, make)
        }
    }

    private func halves<Item, Request: Encodable, Response: Decodable>(
        _ path: String, _ items: ArraySlice<Item>, _ make: ([Item]) -> Request
    ) async throws -> [Response] {
        let middle = items.startIndex + items.count / 2
        let first: [Response] = try await exchangeInParts(path, items[..<middle], make)
        return first + (try await exchangeInParts(path, items[middle...], make))
    }

    private func encode(_ request: some Encodable) throws -> [UInt8] {
        Array(try JSONEncoder().encode(request))
    }

    private func exchange<Response: Decodable>(_ path: String, body: [UInt8]) async throws -> Response {
        let response: PeerResponse
        do {
            response = try await client.send(
                method: "POST", path: path, body: body, headers: [(name: "Content-Type", value: "application/json")], to: region)
        } catch .answerTooLarge(_, _, let limit) {
            throw IntegrityTransportError.answerOverLimit(peer: region, path: path, limit: limit)
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
