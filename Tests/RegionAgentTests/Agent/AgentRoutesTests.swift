import Foundation
import Logging
@testable import RegionAgent
import RegionAudit
import RegionCore
import RegionNet
import Testing

@Suite("Agent peer routes")
struct AgentRoutesTests {
    @Test func drainIsAppliedAndRecordedInTheResidencyLog() async throws {
        let cluster = try InMemoryCluster()
        let runtime = try #require(cluster.runtimes.read()["tokyo"])
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("regiond-drain-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let log = try ResidencyLog(directory: directory, logger: Logger(label: "test"))
        let route = DrainRoute.make(runtime: runtime, config: cluster.config, log: log, clock: cluster.clock)

        let body = try JSONEncoder().encode(DrainRequest(region: "seoul", drained: true, requestedBy: "sre@host"))
        let reply = await route.handler(PeerRequest(peer: "singapore", body: Array(body), headers: [:]))

        #expect(reply.status == 200)
        #expect(try JSONDecoder().decode(DrainReply.self, from: Data(reply.body)).drained == ["seoul"])
        #expect(await runtime.core.drained == ["seoul"])
        let records = try ResidencyLogReader(directory: directory).records()
        #expect(records.map(\.event.kind) == [.drain])
        #expect(records.first?.event.detail?.contains("sre@host") == true)
    }

    @Test func drainOfAnUnknownRegionIsRefusedAndChangesNothing() async throws {
        let cluster = try InMemoryCluster()
        let runtime = try #require(cluster.runtimes.read()["tokyo"])
        let route = DrainRoute.make(runtime: runtime, config: cluster.config, log: nil, clock: cluster.clock)

        let body = try JSONEncoder().encode(DrainRequest(region: "atlantis", drained: true, requestedBy: "sre@host"))
        let reply = await route.handler(PeerRequest(peer: "singapore", body: Array(body), headers: [:]))

        #expect(reply.status == 400)
        #expect(String(decoding: reply.body, as: UTF8.self).contains("known: seoul, singapore, tokyo"))
        #expect(await runtime.core.drained.isEmpty)
    }

    @Test func relayedObservationsAreRefused() async throws {
        let cluster = try InMemoryCluster()
        let runtime = try #require(cluster.runtimes.read()["tokyo"])
        let wire = PeerWire(security: cluster.config.security)
        let route = ObservationsRoute.make(runtime: runtime, wire: wire)
        let forged = ObservationGossip(
            from: "singapore", sentAt: cluster.clock.now(),
            observations: [Observation(observer: "seoul", target: "tokyo", status: .down, observedAt: cluster.clock.now())])
        let body = try wire.encode(ObservationsRequest(gossip: forged))

        let reply = await route.handler(PeerRequest(peer: "singapore", body: body.bytes, headers: Dictionary(
            uniqueKeysWithValues: body.headerFields.map { ($0.name, $0.value) })))

        #expect(reply.status == 400)
        #expect(await runtime.core.quorum.observation(by: "seoul", of: "tokyo") == nil)
    }
}
