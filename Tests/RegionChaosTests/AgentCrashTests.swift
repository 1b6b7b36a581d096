import Foundation
import RegionCore
import Testing

/// `kill -9` of agents while the application writes in every region, so each kill lands
/// while the victim captures, ships and applies batches; every other kill waits for the
/// victim's residency log to rotate (segments of three records rotate every few batches)
/// and strikes within milliseconds. Each killed agent is restarted. PostgreSQL is killed
/// (`kill -9` of the postmaster) and restarted in the middle of applies too.
///
/// Afterwards every region must converge to identical rows for what it may hold, with no
/// acknowledged write lost, no change applied twice with a visible effect, no Korean
/// personal row outside seoul, and every residency log verifying with `regiond audit verify`.
///
/// CI kills a handful of agents; `scripts/chaos crash` sets `REGIOND_CHAOS_KILLS=50`.
@Suite(.serialized) struct AgentCrashTests {
    @Test func killedAgentsAndDatabasesLoseNoAcknowledgedWrite() async throws {
        let kills = ChaosBudget.count("REGIOND_CHAOS_KILLS", default: 4)
        let started = ContinuousClock.now
        let cluster = try await ChaosCluster.start(segmentRecords: 3)
        do {
            try await run(kills: kills, on: cluster, started: started)
        } catch {
            await cluster.tearDown()
            throw error
        }
        await cluster.tearDown()
    }

    private func run(kills: Int, on cluster: ChaosCluster, started: ContinuousClock.Instant) async throws {
        try await cluster.waitUntil("KR", isServedBy: "seoul") { cluster.servedInDNSFile($0) }
        let watcher = AvailabilityWatcher { cluster.servedInDNSFile($0) }
        watcher.start()
        let writer = AcknowledgedWriter(databases: cluster.databases)
        let writing = Task { await writer.run() }

        var random = SplitMix64(seed: 0xC4A05)
        var killsDuringRotation = 0
        for kill in 0..<kills {
            let victim = ChaosDeployment.regions[kill % ChaosDeployment.regions.count]
            try await Task.sleep(for: .milliseconds(Int.random(in: 200...900, using: &random)))
            // Every other kill waits for the victim's residency log to rotate and strikes at once.
            if kill % 2 == 1, await cluster.waitForSegmentChange(of: victim) { killsDuringRotation += 1 }
            cluster.killAgent(victim)
            watcher.markDown(victim)
            try await Task.sleep(for: .milliseconds(Int.random(in: 50...1_000, using: &random)))
            try cluster.startAgent(victim)
            try await cluster.waitReady(victim)
            watcher.markUp(victim)
        }
        let databaseFaults = try await crashAndRestartDatabases(of: cluster)
        try await Task.sleep(for: .seconds(2))
        writing.cancel()
        await writing.value
        let ledger = await writer.ledger

        let report = try await cluster.waitForConvergence(with: ledger)
        let unavailability = await watcher.stop()
        let rotations = ChaosDeployment.regions.reduce(0) { $0 + cluster.closedSegments(of: $1) }
        await cluster.stopAgents()
        let verifications = try cluster.verifyResidencyLogs()
        let verified = verifications.values.filter { $0.status == 0 }.count

        ChaosFigures(
            stage: "crash", target: "3 agents + PG", faults: "\(kills) kill -9 (\(killsDuringRotation) at rotation), \(databaseFaults) PG",
            writes: ledger.acknowledged, lost: report.lost.count, duplicates: report.duplicates.count,
            residencyViolations: report.residencyViolations.count, chains: "\(verified)/\(verifications.count)",
            unavailability: unavailability, seconds: seconds(since: started)
        ).publish()
        print("crash stage: \(ledger.acknowledged) writes acknowledged, \(ledger.failed) failed or in doubt, \(rotations) segments rotated, \(killsDuringRotation) of \(kills) kills struck as a segment rotated")

        #expect(ledger.acknowledged > 0)
        report.expectNothingLost()
        #expect(rotations > 0, "segments of 3 records must have rotated under this load")
        for (region, output) in verifications {
            #expect(output.status == 0, "\(region)'s residency log does not verify: \(output.all)")
        }
    }

    /// A PostgreSQL killed mid-apply (the peers keep shipping to it) and one restarted the
    /// planned way, both while the writer writes.
    private func crashAndRestartDatabases(of cluster: ChaosCluster) async throws -> Int {
        guard let tokyo = cluster.databases["tokyo"], let singapore = cluster.databases["singapore"] else { return 0 }
        await tokyo.crash()
        try await Task.sleep(for: .seconds(1))
        try await tokyo.restart()
        try await Task.sleep(for: .milliseconds(500))
        try await singapore.restartCleanly()
        return 2
    }
}
