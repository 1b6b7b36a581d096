import Foundation
import RegionCore
import RegionNet

/// Crafts peer requests the way an attacker or a faulty peer would, against one running
/// agent's `/v1/replicate`: unsigned, signed with a stranger's key, stale, as an unknown
/// region, replayed, oversized, or well signed by tokyo but carrying rows it must not push.
struct HostilePeer {
    let cluster: ChaosCluster
    let target: RegionName
    let clusterKey: ClusterKey
    let strangerKey: ClusterKey

    init(cluster: ChaosCluster, target: RegionName) throws {
        self.cluster = cluster
        self.target = target
        clusterKey = try ClusterKey(bytes: Array(cluster.deployment.secrets.clusterKey.utf8))
        strangerKey = try ClusterKey(bytes: Array(repeating: 0x5A, count: 48))
    }

    func now() -> Timestamp { WallClock.now() }

    func signed(
        _ body: [UInt8], key: ClusterKey? = nil, as sender: RegionName = "tokyo", at timestamp: Timestamp? = nil
    ) -> [HTTPHeader] {
        RequestSigner(key: key ?? clusterKey, sender: sender)
            .sign(method: "POST", path: "/v1/replicate", body: body, at: timestamp ?? now(), nonce: UUID().uuidString)
            .fields.map { HTTPHeader($0.name, $0.value) }
    }

    func post(_ body: [UInt8], headers: [HTTPHeader]) async throws -> HTTPResponse {
        let url = "http://127.0.0.1:\(cluster.deployment.agentPorts[target] ?? 0)/v1/replicate"
        let wire = PeerWireBody(bytes: body, encoding: .identity, uncompressedLength: body.count).headerFields
            .map { HTTPHeader($0.name, $0.value) }
        return try await cluster.http.execute(HTTPRequest(method: .post, url: url, headers: wire + headers, body: Data(body), timeout: .seconds(10)))
    }

    /// A valid critical-tier batch to `target` claiming `origin`, with one account per entry.
    func batch(origin: RegionName, accounts: [(id: Int64, country: String)]) throws -> [UInt8] {
        let milliseconds = now().milliseconds
        let changes = accounts.enumerated().map { offset, account in
            let row = VersionedRow(
                table: "accounts", key: RowKey("{\"id\": \(account.id)}"),
                version: Version(hlc: HLC(physicalMilliseconds: milliseconds), origin: origin),
                values: ["id": "\(account.id)", "country": account.country, "origin": origin.rawValue, "note": "pushed by a hostile peer"])
            return OutboundChange(
                sequence: Int64(offset + 1), row: row, residencyClass: account.country == "KR" ? "kr-personal" : "global")
        }
        let batch = OutboundBatch(
            id: BatchID(rawValue: UInt64(milliseconds)), peer: target, tier: "critical", compress: false,
            sequences: 1...Int64(max(1, changes.count)), changes: changes, bytes: 0)
        return try PeerWire(maxBodyBytes: ChaosDeployment.maxBodyBytes).encode(ReplicateRequest(origin: origin, batch: batch)).bytes
    }
}
