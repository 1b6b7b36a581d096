import Foundation
import RegionCore
import RegionNet
import Testing

/// Every direction between two agents runs through its own fault proxy while the
/// application writes: a lossy, slow network; seoul partitioned away (blackholed both
/// ways); then one-way reachability (singapore and tokyo reach seoul, seoul reaches no
/// one: its probes, gossip and batches are lost), each healed.
///
/// The minority side never changes DNS, DNS changes only as often as the outage requires
/// (one failover and one failback for the partition, nothing for the one-way fault: no
/// flapping beyond the hysteresis), and after every heal replication catches up with
/// nothing lost.
@Suite(.serialized) struct NetworkFaultTests {
    static let isolated: RegionName = "seoul"

    @Test func partitionsAndLossyLinksNeitherFlapNorLoseWrites() async throws {
        let started = ContinuousClock.now
        let cluster = try await ChaosCluster.start(proxied: true)
        do {
            try await run(cluster, started: started)
        } catch {
            await cluster.tearDown()
            throw error
        }
        await cluster.tearDown()
    }

    private func run(_ cluster: ChaosCluster, started: ContinuousClock.Instant) async throws {
        try await cluster.waitUntil("KR", isServedBy: "seoul") { cluster.servedInDNSFile($0) }
        let watcher = AvailabilityWatcher { cluster.servedInDNSFile($0) }
        watcher.start()
        let writer = AcknowledgedWriter(databases: cluster.databases)
        let writing = Task { await writer.run() }
        let links = Link.all
        let touchingSeoul = links.filter { $0.from == Self.isolated || $0.to == Self.isolated }
        var faults = 0

        cluster.set(LinkFault(latency: .milliseconds(40), connectionLoss: 0.05), on: links)
        faults += links.count
        try await Task.sleep(for: .seconds(5))
        #expect(watcher.answerChanges == 0, "a slow, lossy network must not move DNS")
        cluster.set(.healthy, on: links)

        let partitionStart = WallClock.now()
        cluster.set(.partitioned, on: touchingSeoul)
        faults += touchingSeoul.count
        watcher.markDown(Self.isolated)
        try await cluster.waitUntil("KR", isServedBy: "tokyo") { cluster.servedInDNSFile($0) }
        try await Task.sleep(for: .seconds(2))
        let seoulPublished = try cluster.dnsChanges(recordedBy: Self.isolated).filter { $0.time >= partitionStart }
        #expect(seoulPublished.isEmpty, "the isolated minority changed DNS: \(seoulPublished)")

        cluster.set(.healthy, on: touchingSeoul)
        watcher.markUp(Self.isolated)
        try await cluster.waitUntil("KR", isServedBy: "seoul", timeout: .seconds(90)) { cluster.servedInDNSFile($0) }
        // The failback's own residency record is appended just after the DNS file changes;
        // let it land so it is not taken for a change made during the one-way fault.
        try await Task.sleep(for: .seconds(2))

        let oneWayStart = WallClock.now()
        let outbound = touchingSeoul.filter { $0.from == Self.isolated }
        cluster.set(.partitioned, on: outbound)
        faults += outbound.count
        try await Task.sleep(for: .seconds(6))
        let oneWayPublished = try cluster.dnsChanges(recordedBy: Self.isolated).filter { $0.time >= oneWayStart }
        #expect(oneWayPublished.isEmpty, "seoul, reaching no one, changed DNS: \(oneWayPublished)")
        #expect(cluster.servedInDNSFile("KR") == "seoul", "singapore and tokyo still reach seoul: it must keep its users")
        cluster.set(.healthy, on: outbound)

        try await Task.sleep(for: .seconds(3))
        writing.cancel()
        await writing.value
        let ledger = await writer.ledger
        let report = try await cluster.waitForConvergence(with: ledger, timeout: .seconds(90))
        let dnsChanges = watcher.answerChanges
        let unavailability = await watcher.stop()
        let injected = links.map { cluster.proxies[$0]?.faultedConnections ?? 0 }.reduce(0, +)
        await cluster.stopAgents()
        let verifications = try cluster.verifyResidencyLogs()
        let verified = verifications.values.filter { $0.status == 0 }.count
        ChaosFigures(
            stage: "network", target: "3 agents, 6 links", faults: "\(faults) link faults, \(injected) conns",
            writes: ledger.acknowledged, lost: report.lost.count, duplicates: report.duplicates.count,
            residencyViolations: report.residencyViolations.count, chains: "\(verified)/\(verifications.count)",
            unavailability: unavailability, seconds: seconds(since: started)
        ).publish()
        print("network stage: \(dnsChanges) DNS answer changes (KR, SEA, JP)")

        #expect(dnsChanges <= 2, "DNS flapped: \(dnsChanges) answer changes for one outage")
        report.expectNothingLost()
        for (region, output) in verifications {
            #expect(output.status == 0, "\(region)'s residency log does not verify: \(output.all)")
        }
    }
}
