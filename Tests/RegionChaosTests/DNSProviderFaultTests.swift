import Foundation
import Logging
import RegionCore
import RegionNet
import Testing

/// A failover while the DNS provider fails: a fault proxy in front of a real PowerDNS's
/// API refuses connections (down), answers 500, answers 422, then answers too slowly for
/// the apply timeout, each until the coordinator has tried through it. Meanwhile users
/// still resolve the failed region, and the coordinator's /metrics shows the failing
/// applies and the `dns_apply_failing` alarm. Once the API answers again, the change lands;
/// the failed region comes back and gets its users back; nothing written is lost.
@Suite(.serialized) struct DNSProviderFaultTests {
    static let faults: [LinkFault] = [
        LinkFault(mode: .refuse), LinkFault(mode: .httpStatus(500)), LinkFault(mode: .httpStatus(422)),
        LinkFault(latency: .seconds(3)),
    ]

    @Test func failoverLandsOnceTheProviderRecovers() async throws {
        let started = ContinuousClock.now
        let secrets = ChaosSecrets()
        let client = try HTTPClient(logger: .init(label: "test.pdns"))
        let powerDNS: PowerDNSProcess
        do {
            powerDNS = try await PowerDNSProcess.start(apiKey: secrets.dnsAPIKey, client: client)
        } catch {
            await client.shutdown()
            throw error
        }
        let api = try FaultProxy(targetPort: powerDNS.apiPort)
        do {
            let cluster = try await ChaosCluster.start(dns: .powerDNS(apiURL: "http://127.0.0.1:\(api.port)"), secrets: secrets)
            do {
                try await run(cluster, api: api, powerDNS: powerDNS, started: started)
            } catch {
                await cluster.tearDown()
                throw error
            }
            await cluster.tearDown()
        } catch {
            api.close()
            powerDNS.remove()
            await client.shutdown()
            throw error
        }
        api.close()
        powerDNS.remove()
        await client.shutdown()
    }

    private func run(_ cluster: ChaosCluster, api: FaultProxy, powerDNS: PowerDNSProcess, started: ContinuousClock.Instant) async throws {
        try await cluster.waitUntil("KR", isServedBy: "seoul") { await powerDNS.served($0) }
        let watcher = AvailabilityWatcher { await powerDNS.served($0) }
        watcher.start()
        let writer = AcknowledgedWriter(databases: cluster.databases)
        let writing = Task { await writer.run() }

        api.set(Self.faults[0])
        cluster.killAgent("seoul")
        watcher.markDown("seoul")
        for fault in Self.faults {
            api.set(fault)
            try await waitForAttempt(through: api)
            #expect(await powerDNS.served("KR") == "seoul", "the change cannot have landed while the API fails (\(fault))")
        }
        let alarms = try await coordinatorFigures(cluster)
        #expect(alarms.failures >= 1, "the failing applies must be counted on /metrics")
        #expect(alarms.alarms >= 1, "the dns_apply_failing alarm must be raised")

        api.set(.healthy)
        try await cluster.waitUntil("KR", isServedBy: "tokyo") { await powerDNS.served($0) }
        try cluster.startAgent("seoul")
        try await cluster.waitReady("seoul")
        watcher.markUp("seoul")
        try await cluster.waitUntil("KR", isServedBy: "seoul", timeout: .seconds(90)) { await powerDNS.served($0) }

        writing.cancel()
        await writing.value
        let ledger = await writer.ledger
        let report = try await cluster.waitForConvergence(with: ledger)
        let unavailability = await watcher.stop()
        await cluster.stopAgents()
        let verifications = try cluster.verifyResidencyLogs()
        let verified = verifications.values.filter { $0.status == 0 }.count
        ChaosFigures(
            stage: "dns", target: "PowerDNS API", faults: "down,500,422,slow: \(api.faultedConnections) conns",
            writes: ledger.acknowledged, lost: report.lost.count, duplicates: report.duplicates.count,
            residencyViolations: report.residencyViolations.count, chains: "\(verified)/\(verifications.count)",
            unavailability: unavailability, seconds: seconds(since: started)
        ).publish()

        report.expectNothingLost()
        for (region, output) in verifications {
            #expect(output.status == 0, "\(region)'s residency log does not verify: \(output.all)")
        }
    }

    /// Waits until the coordinator has sent at least one more request into the fault.
    private func waitForAttempt(through api: FaultProxy, timeout: Duration = .seconds(40)) async throws {
        let before = api.faultedConnections
        let deadline = ContinuousClock.now + timeout
        while api.faultedConnections == before {
            guard ContinuousClock.now < deadline else {
                throw ChaosHarnessError.timedOut("an apply attempt through the faulty DNS API (\(api.currentFault))", detail: "")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Failed applies and `dns_apply_failing` alarms on the surviving agents' /metrics.
    private func coordinatorFigures(_ cluster: ChaosCluster) async throws -> (failures: Double, alarms: Double) {
        var failures = 0.0, alarms = 0.0
        for region: RegionName in ["singapore", "tokyo"] {
            let metrics = PrometheusText(text: try await cluster.get("/metrics", from: region).bodyText)
            failures += metrics.value("regiond_dns_apply_failures_total")
            alarms += metrics.value("regiond_alarms_total", ["kind": "dns_apply_failing"])
        }
        return (failures, alarms)
    }
}
