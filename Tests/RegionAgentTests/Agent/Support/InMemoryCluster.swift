import Foundation
import Logging
@testable import RegionAgent
import RegionCore

/// Three `AgentRuntime`s on one manual clock, wired by in-memory gossip, fake probes and a
/// fake DNS provider: the real runtime and core, with every I/O replaced.
struct InMemoryCluster {
    let config: RegionsConfig
    let clock = ManualClock()
    let dead = Shared<Set<RegionName>>([])
    let attempts = Shared<[FakeDNS.Attempt]>([])
    let dnsFailuresLeft: Shared<Int>
    let lag = Shared<[RegionName: [String: Duration]]>([:])
    let runtimes = Shared<[RegionName: AgentRuntime]>([:])

    init(dnsFailures: Int = 0) throws {
        let deployment = TestDeployment(
            directory: URL(fileURLWithPath: "/nonexistent/regiond-test"),
            agentPorts: ["seoul": 1, "singapore": 2, "tokyo": 3], databasePorts: [:])
        config = try RegionsConfigLoader.parse(yaml: deployment.yaml, file: "regions.yaml").config
        dnsFailuresLeft = Shared(dnsFailures)
        for region in config.voterNames {
            let runtime = AgentRuntime(
                core: try AgentCore(config: config, region: region, now: clock.now()), clock: clock,
                effects: AgentEffects(
                    prober: FakeProber(dead: dead), gossip: LoopbackGossip(runtimes: runtimes, dead: dead),
                    dns: FakeDNS(publisher: region, attempts: attempts, failuresLeft: dnsFailuresLeft),
                    lag: FakeLag(lag: lag)),
                logger: Logger(label: "test.\(region)"), maximumSleep: .milliseconds(100))
            runtimes.update { $0[region] = runtime }
        }
    }

    /// Runs the agents while `body` drives the clock; stops them afterwards.
    func run(_ body: () async throws -> Void) async throws {
        let all = runtimes.read()
        let tasks = all.values.map { runtime in Task { await runtime.run() } }
        defer { for task in tasks { task.cancel() } }
        try await body()
    }

    /// Advances the clock in 50 ms steps (letting the agents react after each) until
    /// `condition` holds, or fails after `limit` of simulated time.
    func advance(_ what: String, until condition: () async -> Bool, limit: Duration = .seconds(60)) async throws {
        var elapsed = Duration.zero
        while !(await condition()) {
            guard elapsed < limit else { throw ConditionNotReached(what: what, limit: limit) }
            clock.advance(by: .milliseconds(50))
            elapsed += .milliseconds(50)
            try await Task.sleep(for: .milliseconds(3))
        }
    }

    /// The last state DNS accepted, from any publisher.
    var published: DesiredDNSState? { attempts.read().last(where: \.succeeded)?.state }

    func served(_ geo: String) -> RegionName? { published?.answer(forGeo: geo)?.served }
}

struct ConditionNotReached: Error, CustomStringConvertible {
    var what: String
    var limit: Duration
    var description: String { "\(what): not reached within \(limit) of simulated time" }
}
