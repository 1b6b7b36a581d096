import Foundation
import RegionCore
import Testing

@Suite("AgentCore")
struct AgentCoreTests {
    typealias F = FailoverFixture

    /// A cluster that has run long enough to agree and publish the initial DNS state.
    func settledCluster() throws -> AgentCoreTestCluster {
        var cluster = try AgentCoreTestCluster()
        cluster.run(for: .seconds(30))
        return cluster
    }

    @Test func healthyClusterPublishesOnceFromTheCoordinator() throws {
        let cluster = try settledCluster()
        let applies = cluster.dnsApplies()
        #expect(applies.map(\.by) == [F.seoul])
        #expect(applies.first?.state == FailoverPlanner.plan(config: cluster.config, down: [], drained: []))
        for agent in cluster.agents.values {
            #expect(agent.agreedView == cluster.config.voterNames)
            #expect(agent.isOnMajoritySide)
            #expect(agent.coordinator == F.seoul)
        }
    }

    @Test func seoulIsDeclaredDownWithin30SecondsAndSingaporeTakesOver() throws {
        var cluster = try settledCluster()
        let outage = cluster.now
        cluster.dead.insert(F.seoul)
        cluster.run(for: .seconds(60))

        for observer in [F.singapore, F.tokyo, F.frankfurt] {
            let declared = try #require(cluster.declaredDown(F.seoul, by: observer, since: outage))
            #expect(declared - outage <= .seconds(30), "\(observer) took \(declared - outage)")
            #expect(cluster.agents[observer]?.coordinator == F.singapore)
        }
        let applies = cluster.dnsApplies(since: outage)
        #expect(applies.map(\.by) == [F.singapore])
        let published = try #require(applies.first)
        #expect(published.state.answer(forGeo: "KR")?.served == F.tokyo)
        #expect(published.reason.contains("seoul down"))
        #expect(published.at - outage <= .seconds(30))
    }

    @Test func isolatedSeoulActsOnNothingWhileTheMajorityFailsOver() throws {
        var cluster = try settledCluster()
        let partition = cluster.now
        cluster.cut([F.seoul], from: [F.singapore, F.tokyo, F.frankfurt])
        cluster.run(for: .seconds(60))

        let seoulActions = cluster.actions(of: F.seoul, since: partition).map(\.1)
        #expect(!seoulActions.contains { if case .viewChanged = $0 { true } else { false } })
        #expect(!seoulActions.contains { if case .applyDNS = $0 { true } else { false } })
        #expect(seoulActions.contains { if case .alarm(.isolated) = $0 { true } else { false } })
        #expect(cluster.agents[F.seoul]?.agreedView == cluster.config.voterNames)
        #expect(cluster.agents[F.singapore]?.agreedView == [F.singapore, F.tokyo, F.frankfurt])
        #expect(cluster.dnsApplies(since: partition).map(\.by) == [F.singapore])
    }

    @Test func healedRegionRejoinsAndFailsBackAfterCatchingUp() throws {
        var cluster = try settledCluster()
        cluster.cut([F.seoul], from: [F.singapore, F.tokyo, F.frankfurt])
        cluster.run(for: .seconds(60))
        let heal = cluster.now
        cluster.cutLinks = []
        cluster.run(for: .seconds(90))

        for agent in cluster.agents.values {
            #expect(agent.agreedView == cluster.config.voterNames, "\(agent.region)")
            #expect(agent.desiredDNS.answer(forGeo: "KR")?.served == F.seoul, "\(agent.region)")
        }
        let applies = cluster.dnsApplies(since: heal)
        let last = try #require(applies.last)
        #expect(last.state == FailoverPlanner.plan(config: cluster.config, down: [], drained: []))
        #expect(last.by == F.seoul)
    }

    @Test func failbackWaitsForReplicationToCatchUp() throws {
        var cluster = try settledCluster()
        cluster.dead.insert(F.seoul)
        cluster.run(for: .seconds(60))
        cluster.dead.remove(F.seoul)
        // Seoul comes back far behind: its replicator reports (and its agent gossips) a large lag.
        cluster.lagByRegion[F.seoul] = ["critical": .seconds(40), "content": .seconds(90), "logs": .seconds(400)]
        cluster.run(for: .seconds(90))
        #expect(cluster.agents[F.singapore]?.agreedView.contains(F.seoul) == true)
        #expect(cluster.agents[F.singapore]?.desiredDNS.answer(forGeo: "KR")?.served == F.tokyo)
        #expect(cluster.agents[F.singapore]?.plan.awaitingCatchUp == [F.seoul])

        let caughtUp = cluster.now
        cluster.lagByRegion[F.seoul] = F.caughtUp
        cluster.run(for: .seconds(10))
        let failback = try #require(cluster.dnsApplies(since: caughtUp).last)
        #expect(failback.state.answer(forGeo: "KR")?.served == F.seoul)
        #expect(failback.reason.hasPrefix("failback: seoul caught up"), "\(failback.reason)")
    }

    @Test func dnsFailuresAreRetriedWithGrowingBackoff() throws {
        var cluster = try AgentCoreTestCluster()
        cluster.dnsFailuresToInject = 3
        cluster.run(for: .seconds(60))
        let applies = cluster.dnsApplies()
        #expect(applies.count == 4)
        #expect(applies.dropFirst().allSatisfy { $0.reason.hasPrefix("retry") })
        let gaps = zip(applies.dropFirst(), applies).map { $0.at - $1.at }
        #expect(gaps == gaps.sorted() && gaps.first != gaps.last, "gaps \(gaps)")
        let alarms = cluster.actions(of: F.seoul).compactMap { _, action -> Int? in
            if case .alarm(.dnsApplyFailing(let failures, _)) = action { return failures }
            return nil
        }
        #expect(alarms == [1, 2, 3])
        #expect(cluster.agents[F.seoul]?.publishedDNS == applies.last?.state)
    }

    @Test func unansweredDNSWriteCountsAsFailedAfterTheApplyTimeout() throws {
        var cluster = try AgentCoreTestCluster()
        cluster.dnsApplyDelay = cluster.config.dns.applyTimeout + .seconds(5)
        cluster.run(for: .seconds(40))
        let reasons = cluster.actions(of: F.seoul).compactMap { _, action -> String? in
            if case .alarm(.dnsApplyFailing(_, let reason)) = action { return reason }
            return nil
        }
        #expect(reasons.first?.hasPrefix("no answer from the DNS provider") == true)
        #expect(cluster.dnsApplies().count >= 2)
    }

    @Test func drainMovesTrafficAndUndrainBringsItBack() throws {
        var cluster = try settledCluster()
        let drainAt = cluster.now
        for name in cluster.config.voterNames {
            cluster.inject(name) { agent, now in agent.drainChanged(region: F.tokyo, drained: true, now: now) }
        }
        cluster.run(for: .seconds(5))
        let drained = try #require(cluster.dnsApplies(since: drainAt).last)
        #expect(drained.state.answer(forGeo: "JP")?.served == F.seoul)
        #expect(drained.reason.hasPrefix("drain tokyo"))

        for name in cluster.config.voterNames {
            cluster.inject(name) { agent, now in agent.drainChanged(region: F.tokyo, drained: false, now: now) }
        }
        cluster.run(for: .seconds(5))
        #expect(cluster.dnsApplies().last?.state.answer(forGeo: "JP")?.served == F.tokyo)
    }

    @Test func lateProbeAnswerIsIgnored() throws {
        let config = F.deployment()
        var agent = try AgentCore(config: config, region: F.singapore, now: .zero)
        let probes = agent.tick(now: .zero).compactMap { action -> (RegionName, UInt64)? in
            if case .probe(let target, let sequence) = action { return (target, sequence) }
            return nil
        }
        #expect(probes.map(\.0) == config.voterNames)
        let seoulProbe = try #require(probes.first { $0.0 == F.seoul })
        _ = agent.tick(now: Timestamp(milliseconds: 2_000))
        #expect(agent.health[F.seoul]?.consecutiveFailures == 1)
        let late = ProbeResult(target: F.seoul, sequence: seoulProbe.1, outcome: .success(latency: .milliseconds(2_500)))
        #expect(agent.probeCompleted(late, now: Timestamp(milliseconds: 2_500)).isEmpty)
        #expect(agent.health[F.seoul]?.consecutiveFailures == 1)
    }

    @Test func unknownRegionIsRefusedWithTheKnownOnes() {
        #expect(throws: AgentCoreError.unknownRegion("atlantis", known: [F.seoul, F.singapore, F.tokyo, F.frankfurt])) {
            try AgentCore(config: F.deployment(), region: "atlantis", now: .zero)
        }
    }

    @Test func retryBackoffGrowsCapsAndJittersDeterministically() {
        let backoff = RetryBackoff(initial: .seconds(1), maximum: .seconds(8), jitter: 0.2)
        let delays = (1...6).map { backoff.delay(afterFailures: $0, seed: 42) }
        #expect(delays == (1...6).map { backoff.delay(afterFailures: $0, seed: 42) })
        let bases: [Int64] = [1_000, 2_000, 4_000, 8_000, 8_000, 8_000]
        for (delay, base) in zip(delays, bases) {
            #expect(delay >= .milliseconds(base * 8 / 10) && delay <= .milliseconds(base * 12 / 10))
        }
        #expect(backoff.delay(afterFailures: 3, seed: 1) != backoff.delay(afterFailures: 3, seed: 2))
    }
}


@Suite("AgentCore cluster scenarios")
struct AgentCoreScenarioTests {
    typealias F = FailoverFixture

    @Test func doubleFailureIsHandledWithTheWitness() throws {
        var cluster = try AgentCoreTestCluster()
        cluster.run(for: .seconds(30))
        cluster.dead.insert(F.seoul)
        cluster.run(for: .seconds(60))
        let secondOutage = cluster.now
        cluster.dead.insert(F.tokyo)
        cluster.run(for: .seconds(60))

        for survivor in [F.singapore, F.frankfurt] {
            #expect(cluster.declaredDown(F.tokyo, by: survivor, since: secondOutage) != nil)
            #expect(cluster.agents[survivor]?.agreedView == [F.singapore, F.frankfurt])
        }
        let last = try #require(cluster.dnsApplies(since: secondOutage).last)
        #expect(last.by == F.singapore)
        #expect(Set(last.state.geos.compactMap(\.served)) == [F.singapore])
    }

    @Test func twoVotersCutOffFromEachOtherWithNoWitnessDoNothing() throws {
        var cluster = try AgentCoreTestCluster(config: F.deployment(withWitness: false))
        cluster.run(for: .seconds(30))
        cluster.dead.insert(F.seoul)
        cluster.run(for: .seconds(60))
        #expect(cluster.agents[F.singapore]?.agreedView == [F.singapore, F.tokyo])
        #expect(cluster.agents[F.tokyo]?.agreedView == [F.singapore, F.tokyo])

        let partition = cluster.now
        cluster.cut([F.singapore], from: [F.tokyo])
        cluster.run(for: .seconds(120))
        for agent in [F.singapore, F.tokyo] {
            #expect(cluster.agents[agent]?.agreedView == [F.singapore, F.tokyo])
            #expect(!cluster.actions(of: agent, since: partition).contains { _, action in
                if case .viewChanged = action { return true }
                return false
            })
        }
        #expect(cluster.dnsApplies(since: partition).isEmpty)
    }

    @Test func drainingEveryRegionKeepsTheLastAnswerAndRaisesAnAlarm() throws {
        var cluster = try AgentCoreTestCluster()
        cluster.run(for: .seconds(30))
        let published = cluster.agents[F.seoul]?.publishedDNS
        let drainAt = cluster.now
        for region in [F.seoul, F.singapore, F.tokyo] {
            for agent in cluster.config.voterNames {
                cluster.inject(agent) { core, now in core.drainChanged(region: region, drained: true, now: now) }
            }
        }
        cluster.run(for: .seconds(10))
        let lastApplied = try #require(cluster.dnsApplies(since: drainAt).last)
        #expect(lastApplied.state.geos.allSatisfy { !$0.regions.isEmpty })
        #expect(cluster.agents[F.seoul]?.desiredDNS == lastApplied.state)
        #expect(cluster.agents[F.seoul]?.publishedDNS != published)
        #expect(cluster.actions(of: F.seoul, since: drainAt).contains { _, action in
            action == .alarm(.noAvailableRegion(geos: ["KR", "SEA", "JP", "default"]))
        })
    }

    @Test func restartedAgentDoesNotPublishItsStaleStartupView() throws {
        var cluster = try AgentCoreTestCluster()
        cluster.run(for: .seconds(30))
        cluster.dead.insert(F.seoul)
        cluster.run(for: .seconds(60))
        let restart = cluster.now
        try cluster.restart(F.seoul)
        cluster.run(for: .seconds(90))

        let readmitted = try #require(cluster.actions(of: F.singapore, since: restart).first { _, action in
            if case .viewChanged(_, let up) = action { return up.contains(F.seoul) }
            return false
        }?.0)
        let seoulApplies = cluster.dnsApplies(since: restart).filter { $0.by == F.seoul }
        #expect(!seoulApplies.isEmpty)
        #expect(seoulApplies.allSatisfy { $0.at >= readmitted }, "seoul published at \(seoulApplies.map(\.at)), readmitted at \(readmitted)")
    }

    @Test func restartedCoordinatorDoesNotFailItsOwnRegionBackBeforeItCaughtUp() throws {
        var cluster = try AgentCoreTestCluster()
        cluster.run(for: .seconds(30))
        cluster.dead.insert(F.seoul)
        cluster.run(for: .seconds(60))
        cluster.lagByRegion[F.seoul] = ["critical": .seconds(40), "content": .seconds(90), "logs": .seconds(400)]
        // Seoul's database and application return first: the peers' probes succeed again
        // before its agent starts, so the new agent never sees its own region as down.
        let restart = cluster.now
        cluster.dead.remove(F.seoul)
        cluster.stoppedAgents.insert(F.seoul)
        cluster.run(for: .seconds(30))
        try cluster.restart(F.seoul)
        cluster.run(for: .seconds(90))

        #expect(cluster.agents[F.seoul]?.coordinator == F.seoul)
        #expect(cluster.agents[F.seoul]?.plan.awaitingCatchUp == [F.seoul])
        let premature = cluster.dnsApplies(since: restart).filter { $0.state.answer(forGeo: "KR")?.served == F.seoul }
        #expect(premature.isEmpty, "KR sent back to seoul at \(premature.map(\.at)) while it was 40 s behind")

        let caughtUp = cluster.now
        cluster.lagByRegion[F.seoul] = F.caughtUp
        cluster.run(for: .seconds(10))
        let failback = try #require(cluster.dnsApplies(since: caughtUp).last)
        #expect(failback.by == F.seoul)
        #expect(failback.state.answer(forGeo: "KR")?.served == F.seoul)
    }

    @Test func gossipCarriesRegionsAwaitingCatchUpAndOlderMessagesReadAsNone() throws {
        let gossip = ObservationGossip(from: F.tokyo, sentAt: .zero, observations: [], awaitingCatchUp: [F.seoul])
        let encoded = try JSONEncoder().encode(gossip)
        #expect(try JSONDecoder().decode(ObservationGossip.self, from: encoded).awaitingCatchUp == [F.seoul])
        let fromEarlierRelease = Data(#"{"from":"tokyo","sentAtMilliseconds":0,"observations":[]}"#.utf8)
        #expect(try JSONDecoder().decode(ObservationGossip.self, from: fromEarlierRelease).awaitingCatchUp == [])
    }

    @Test func sameInputsGiveTheSameDecisionsBitForBit() throws {
        func run() throws -> [String] {
            var cluster = try AgentCoreTestCluster()
            cluster.run(for: .seconds(30))
            cluster.dead.insert(F.seoul)
            cluster.run(for: .seconds(60))
            cluster.dead.remove(F.seoul)
            cluster.run(for: .seconds(60))
            return cluster.log.map { "\($0.at) \($0.agent) \($0.action)" }
        }
        let first = try run()
        #expect(first.count > 100)
        #expect(first == (try run()))
    }
}
