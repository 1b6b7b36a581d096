import Foundation
import Logging
import Prometheus
@testable import RegionAgent
import RegionCore
import RegionDNS
import RegionPostgres
import RegionTestSupport
import Testing

/// The demo's story on real parts: three agents in this process, each with its own real
/// PostgreSQL cluster and HTTP server on loopback, publishing through the file DNS provider.
@Suite("Three agents on loopback", .serialized)
struct ThreeAgentFailoverTests {
    @Test(.timeLimit(.minutes(5)))
    func detectsAKilledRegionReroutesAndFailsBackAfterCatchUp() async throws {
        let harness = try await AgentHarness.start()
        do {
            try await harness.waitUntil("KR served by seoul") { harness.served("KR") == "seoul" }

            let killedAt = ContinuousClock.now
            await harness.kill("seoul")
            try await harness.waitUntil("KR rerouted to tokyo") { harness.served("KR") == "tokyo" }
            print("seoul killed: KR rerouted after \(ContinuousClock.now - killedAt)")
            #expect(harness.served("SEA") == "singapore")
            #expect(harness.served("rest-of-world") == "singapore")
            let status = try #require(await harness.status(of: "singapore"))
            #expect(status.coordinator == "singapore")
            #expect(status.regions.first { $0.name == "seoul" }?.inView == false)

            let restartedAt = ContinuousClock.now
            try await harness.restart("seoul")
            try await harness.waitUntil("KR back on seoul") { harness.served("KR") == "seoul" }
            print("seoul restarted: failback after \(ContinuousClock.now - restartedAt)")
            try harness.expectDNSChangesAudited(by: "singapore")

            let deliveries = try await harness.broadcast(DrainRequest(region: "seoul", drained: true, requestedBy: "test"))
            #expect(deliveries.allSatisfy { (try? $0.result.get().drained) == ["seoul"] })
            try await harness.waitUntil("KR drained away from seoul") { harness.served("KR") == "tokyo" }
        } catch {
            await harness.stop()
            throw error
        }
        await harness.stop()
    }
}
