import Foundation
import Logging
import RegionAudit
import RegionCore
import RegionNet
import Testing

/// Batches a faulty or hostile peer could send, delivered signed to a running region:
/// malformed ones are refused whole with 400, rows the region may not hold are rejected and
/// logged, and nothing of either is applied.
@Suite(.serialized) struct ReceiverRefusalTests {
    typealias Regions = ThreeRegionConfig

    private func user(_ id: Int, country: String, at milliseconds: Int64) -> OutboundChange {
        let row = VersionedRow(
            table: "users", key: RowKey("{\"id\": \(id)}"),
            version: Version(hlc: HLC(physicalMilliseconds: milliseconds), origin: Regions.seoul),
            values: ["id": "\(id)", "country": country, "name": "forged-\(id)"])
        return OutboundChange(sequence: Int64(id), row: row, residencyClass: country == "KR" ? "kr-personal" : "global")
    }

    private func batch(_ changes: [OutboundChange], to peer: RegionName = Regions.tokyo) -> ReplicateRequest {
        let sequences = changes.map(\.sequence)
        return ReplicateRequest(origin: Regions.seoul, batch: OutboundBatch(
            id: BatchID(rawValue: 9_000_000), peer: peer, tier: "critical", compress: false,
            sequences: (sequences.min() ?? 1)...(sequences.max() ?? 1), changes: changes, bytes: 0))
    }

    @Test func malformedBatchesAreRefusedAndForbiddenRowsRejected() async throws {
        let cluster = try await LoopbackCluster.start()
        await cluster.startAll()
        let http = try HTTPClient(logger: Logger(label: "test.forger"))
        do {
            let client = PeerClient(
                config: cluster.config, signer: RequestSigner(key: try LoopbackCluster.clusterKey(), sender: Regions.seoul),
                http: http, logger: Logger(label: "test.forger"))
            let wire = PeerWire(security: cluster.config.security)
            let now = WallClock.now().milliseconds

            let garbage = try await client.send(method: "POST", path: "/v1/replicate", body: Array("{not json".utf8), to: Regions.tokyo)
            #expect(garbage.status == 400)
            #expect(garbage.refusal?.reason == "malformed_json")

            let duplicate = try await client.send(
                try wire.encode(batch([user(1, country: "US", at: now), user(2, country: "US", at: now), user(1, country: "JP", at: now)].enumerated().map {
                    var change = $0.element
                    change.sequence = Int64($0.offset + 1)
                    return change
                })), to: .replicate, of: Regions.tokyo)
            #expect(duplicate.status == 400)
            #expect(duplicate.refusal?.reason == "duplicate_row")

            let misaddressed = try await client.send(
                try wire.encode(batch([user(3, country: "US", at: now)], to: Regions.frankfurt)), to: .replicate, of: Regions.tokyo)
            #expect(misaddressed.status == 400)
            #expect(misaddressed.refusal?.reason == "wrong_destination")

            var badKey = user(4, country: "US", at: now)
            badKey.row.key = RowKey("4; DROP TABLE users")
            let malformedKey = try await client.send(try wire.encode(batch([user(3, country: "US", at: now), badKey])), to: .replicate, of: Regions.tokyo)
            #expect(malformedKey.status == 400)
            #expect(malformedKey.refusal?.reason == "malformed_row")

            #expect(try await cluster.scalar("SELECT count(*) FROM users", in: Regions.tokyo) == "0")

            let personal = try await client.send(
                try wire.encode(batch([user(5, country: "KR", at: now), user(6, country: "US", at: now)])), to: .replicate, of: Regions.tokyo)
            #expect(personal.status == 200)
            let acknowledgement = try JSONDecoder().decode(ReplicateAcknowledgement.self, from: Data(personal.body))
            #expect(acknowledgement.applied == 1 && acknowledgement.rejected == 1)
            #expect(try await cluster.column("SELECT id::text FROM users ORDER BY id", in: Regions.tokyo) == ["6"])

            await cluster.stopAll()
            let records = try ResidencyLogReader(directory: await cluster.auditDirectory(Regions.tokyo)).records()
            let rejected = records.filter { $0.event.kind == .rejected }
            #expect(rejected.count == 1)
            #expect(rejected.first?.event.residencyClass == "kr-personal" && rejected.first?.event.from == Regions.seoul)
            #expect(rejected.first?.event.rows == 1)
        } catch {
            await http.shutdown()
            await cluster.shutdown()
            throw error
        }
        await http.shutdown()
        await cluster.shutdown()
    }
}
