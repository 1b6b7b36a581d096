import Foundation
import Logging
@testable import RegionAgent
import RegionCore
import Testing

@Suite("Agent runtime on a manual clock")
struct AgentRuntimeTests {
    @Test func failsOverWhenARegionDiesAndFailsBackOnceCaughtUp() async throws {
        let cluster = try InMemoryCluster()
        try await cluster.run {
            try await cluster.advance("KR served by seoul", until: { cluster.served("KR") == "seoul" })
            #expect(cluster.attempts.read().allSatisfy { $0.publisher == "seoul" })

            cluster.dead.update { $0.insert("seoul") }
            try await cluster.advance("KR rerouted to tokyo", until: { cluster.served("KR") == "tokyo" })
            let lastSuccess = cluster.attempts.read().last(where: \.succeeded)
            let failover = try #require(lastSuccess)
            #expect(failover.publisher == "singapore")
            #expect(failover.state.answer(forGeo: "rest-of-world")?.served == "singapore")

            cluster.dead.update { $0.remove("seoul") }
            try await cluster.advance("seoul back in every view", until: { await cluster.runtimesAgree(onView: ["seoul", "singapore", "tokyo"]) })
            #expect(cluster.served("KR") == "tokyo", "seoul must not serve before it reports catch-up")

            cluster.lag.update { $0["seoul"] = ["critical": .milliseconds(200)] }
            try await cluster.advance("KR failed back to seoul", until: { cluster.served("KR") == "seoul" })
        }
    }

    @Test func retriesAFailingProviderThroughTheCoreBackoff() async throws {
        let cluster = try InMemoryCluster(dnsFailures: 2)
        try await cluster.run {
            try await cluster.advance("first publication", until: { cluster.published != nil })
        }
        let attempts = cluster.attempts.read()
        #expect(attempts.map(\.succeeded) == [false, false, true])
        #expect(attempts.allSatisfy { $0.state == attempts[0].state })
    }

    @Test func reloadKeepsOperatorDrains() async throws {
        let cluster = try InMemoryCluster()
        let runtime = try #require(cluster.runtimes.read()["singapore"])
        await runtime.deliver(.drainChanged(region: "tokyo", drained: true))
        var changed = cluster.config
        changed.health.interval = .seconds(1)
        try await runtime.replaceConfig(changed, jitterSeed: 7)
        let core = await runtime.core
        #expect(core.config.health.interval == .seconds(1))
        #expect(core.drained == ["tokyo"])
    }

    @Test func drainMovesUsersThroughThePlanner() async throws {
        let cluster = try InMemoryCluster()
        try await cluster.run {
            try await cluster.advance("KR served by seoul", until: { cluster.served("KR") == "seoul" })
            for runtime in cluster.runtimes.read().values {
                await runtime.deliver(.drainChanged(region: "seoul", drained: true))
            }
            try await cluster.advance("KR rerouted to tokyo", until: { cluster.served("KR") == "tokyo" })
        }
    }
}

extension InMemoryCluster {
    /// Whether every agent's agreed view is `view`.
    func runtimesAgree(onView view: [RegionName]) async -> Bool {
        for runtime in runtimes.read().values where await runtime.core.agreedView != view {
            return false
        }
        return true
    }
}
