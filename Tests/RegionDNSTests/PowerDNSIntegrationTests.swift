import Foundation
import Logging
import RegionCore
import RegionDNS
import RegionNet
import Testing

/// Publishes plans to a real PowerDNS and asks it, with `dig +subnet`, what users of
/// each geo are answered.
@Suite(.serialized, .enabled(if: PowerDNSServer.isInstalled || ProcessInfo.processInfo.environment["REGIOND_REQUIRE_INTEGRATION"] != nil, "needs pdns-server, pdns-backend-sqlite3, sqlite3 and dig"))
struct PowerDNSIntegrationTests {
    let logger = Logger(label: "test.pdns")

    static let korean = "198.51.100.7/32"
    static let southEastAsian = "198.51.100.200/32"
    static let japanese = "203.0.113.9/32"
    static let elsewhere = "192.0.2.1/32"

    private func withPowerDNS(_ body: (PowerDNSServer, PowerDNSProvider, HTTPClient) async throws -> Void) async throws {
        let server = try PowerDNSServer()
        defer { server.remove() }
        let client = try HTTPClient(logger: logger)
        do {
            try await server.start(client: client)
            let provider = PowerDNSProvider(config: TestDeployment.config(), apiURL: server.apiURL, apiKey: server.apiKey, client: client, logger: logger)
            try await body(server, provider, client)
        } catch {
            await client.shutdown()
            throw error
        }
        await client.shutdown()
    }

    private func answers(_ server: PowerDNSServer, _ name: String = "app.example.com.") throws -> [String: [String]] {
        [
            "kr": try server.resolve(name, clientSubnet: Self.korean),
            "sea": try server.resolve(name, clientSubnet: Self.southEastAsian),
            "jp": try server.resolve(name, clientSubnet: Self.japanese),
            "other": try server.resolve(name, clientSubnet: Self.elsewhere),
        ]
    }

    /// The desired state from the real failover planner, for the agreed view without `down`.
    private func plan(_ planner: inout FailoverPlanner, down: Set<RegionName>, atSecond second: Int64) -> DesiredDNSState {
        let view = TestDeployment.config().voterNames.filter { !down.contains($0) }
        return planner.plan(view: view, drained: [], now: Timestamp(milliseconds: second * 1000)).state
    }

    @Test func eachGeoGetsItsRegionThroughFailoverAndRecovery() async throws {
        try await withPowerDNS { server, provider, _ in
            let collector = Collector()
            let publisher = RetryingDNSPublisher(provider: provider, recorder: collector, logger: logger, alarm: { _ in })
            var planner = FailoverPlanner(config: TestDeployment.config())

            let created = try await publisher.publish(plan(&planner, down: [], atSecond: 0), reason: .quorumView(down: []))
            #expect(created.changes.count == 2)
            let normal = ["kr": [TestDeployment.seoulAddress], "sea": [TestDeployment.singaporeAddress], "jp": [TestDeployment.tokyoAddress], "other": [TestDeployment.seoulAddress]]
            #expect(try answers(server) == normal)
            #expect(try answers(server, "brand-a.shop.example.com.") == normal)
            #expect(try server.answerTTLs("app.example.com.", clientSubnet: Self.korean) == [5])

            let unchanged = try await publisher.publish(plan(&planner, down: [], atSecond: 1), reason: .quorumView(down: []))
            #expect(!unchanged.changedAnything)

            let failoverStarted = ContinuousClock.now
            try await publisher.publish(plan(&planner, down: ["seoul"], atSecond: 2), reason: .quorumView(down: ["seoul"]))
            print("PowerDNS failover apply (read zone + PATCH) took \(ContinuousClock.now - failoverStarted)")
            let failedOver = ["kr": [TestDeployment.tokyoAddress], "sea": [TestDeployment.singaporeAddress], "jp": [TestDeployment.tokyoAddress], "other": [TestDeployment.singaporeAddress]]
            #expect(try answers(server) == failedOver)
            #expect(try answers(server, "brand-b.shop.example.com.") == failedOver)

            // No replicated tiers in this deployment, so seoul is caught up as soon as it is back.
            try await publisher.publish(plan(&planner, down: [], atSecond: 3), reason: .quorumView(down: []))
            #expect(try answers(server) == normal)

            let recorded = await collector.changes.map(\.reason.description)
            #expect(recorded == ["quorum view: all regions up", "quorum view: down seoul", "quorum view: all regions up"])
            #expect(try await provider.currentRecords() == (try provider.render(TestDeployment.desired())))
        }
    }

    @Test func powerDNSOutageDelaysTheFailoverWithoutLosingIt() async throws {
        try await withPowerDNS { server, provider, client in
            let collector = Collector()
            let alarms = AlarmLog()
            let publisher = RetryingDNSPublisher(
                provider: provider, recorder: collector, backoff: RetryBackoff(initial: .milliseconds(100), maximum: .milliseconds(400)),
                logger: logger, alarm: alarms.raise
            )
            try await publisher.publish(TestDeployment.desired(), reason: .quorumView(down: []))

            server.stop()
            let failover = Task { try await publisher.publish(TestDeployment.desired(down: ["seoul"]), reason: .quorumView(down: ["seoul"])) }
            try await alarms.waitForAlarm()
            try await server.start(client: client)
            let report = try await failover.value

            #expect(report.changedAnything)
            #expect(try server.resolve("app.example.com.", clientSubnet: Self.korean) == [TestDeployment.tokyoAddress])
            let raised = alarms.alarms
            #expect(raised.count >= 2)
            if case .unavailable(_, let step, _, _, _) = raised.first { #expect(step == "apply") } else { Issue.record("first alarm is \(String(describing: raised.first))") }
            if case .recovered = raised.last {} else { Issue.record("no recovery alarm, got \(raised)") }
            #expect(await collector.changes.map(\.reason.description).last == "quorum view: down seoul")
        }
    }

    @Test func missingZoneIsCreated() async throws {
        try await withPowerDNS { server, provider, _ in
            #expect(try await provider.currentRecords().isEmpty)
            let report = try await provider.apply(TestDeployment.desired())
            #expect(report.changes.allSatisfy { $0.before == nil })
            #expect(try server.resolve("app.example.com.", clientSubnet: Self.japanese) == [TestDeployment.tokyoAddress])
        }
    }

    @Test func wrongAPIKeyIsRejectedWithTheStatus() async throws {
        try await withPowerDNS { server, _, client in
            let provider = PowerDNSProvider(config: TestDeployment.config(), apiURL: server.apiURL, apiKey: "wrong", client: client, logger: logger)
            await #expect {
                try await provider.apply(TestDeployment.desired())
            } throws: { error in
                if case .rejected(_, let status, _) = error as? DNSProviderError { return status == 401 }
                return false
            }
        }
    }
}
