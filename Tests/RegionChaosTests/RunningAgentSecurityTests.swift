import Foundation
import RegionAudit
import RegionCore
import RegionNet
import RegionTestSupport
import Testing

/// Hostile requests against a running `regiond agent` process: each refused, counted on its
/// /metrics, nothing applied; and the deployment's secrets (cluster key, database password,
/// DNS API key) never in its log, /metrics, /v1/status or error output.
///
/// The DNS API is unreachable on purpose, so the coordinator logs failing applies: error
/// paths are where a secret would leak.
@Suite(.serialized) struct RunningAgentSecurityTests {
    static let target: RegionName = "singapore"

    @Test func hostileRequestsAreRefusedCountedAndNeverApplied() async throws {
        let started = ContinuousClock.now
        let deadAPI = "http://127.0.0.1:\(FreePort.allocate())"
        let cluster = try await ChaosCluster.start(dns: .powerDNS(apiURL: deadAPI))
        do {
            try await attack(cluster, started: started)
        } catch {
            await cluster.tearDown()
            throw error
        }
        await cluster.tearDown()
    }

    private func attack(_ cluster: ChaosCluster, started: ContinuousClock.Instant) async throws {
        let attacker = try HostilePeer(cluster: cluster, target: Self.target)
        let body = Array("{}".utf8)
        let outcomes: [(String, Int, Int)] = [
            ("unsigned", try await attacker.post(body, headers: []).status, 401),
            ("bad_signature", try await attacker.post(body, headers: attacker.signed(body, key: attacker.strangerKey)).status, 401),
            ("expired", try await attacker.post(body, headers: attacker.signed(body, at: attacker.now() - .seconds(3_600))).status, 401),
            ("unknown_sender", try await attacker.post(body, headers: attacker.signed(body, as: "atlantis")).status, 403),
        ]
        for (reason, status, wanted) in outcomes {
            #expect(status == wanted, "\(reason): answered \(status)")
        }

        let replayedHeaders = attacker.signed(body)
        _ = try await attacker.post(body, headers: replayedHeaders)
        let replay = try await attacker.post(body, headers: replayedHeaders)
        #expect(replay.status == 409, "a replayed request must be refused: \(replay.status)")

        let large = [UInt8](repeating: UInt8(ascii: "x"), count: ChaosDeployment.maxBodyBytes + 1)
        let oversized = try await attacker.post(large, headers: attacker.signed(large))
        #expect(oversized.status == 413, "an oversized request must be refused: \(oversized.status)")

        let forgedOrigin = try attacker.batch(origin: "seoul", accounts: [(7_000_001, "SG")])
        let forged = try await attacker.post(forgedOrigin, headers: attacker.signed(forgedOrigin))
        #expect(forged.status == 400, "tokyo may not push seoul's rows: \(forged.status) \(forged.bodyText)")

        let personal = try attacker.batch(origin: "tokyo", accounts: [(7_000_002, "KR"), (7_000_003, "JP")])
        let mixed = try await attacker.post(personal, headers: attacker.signed(personal))
        #expect(mixed.status == 200, "\(mixed.bodyText)")

        let rows = try await cluster.snapshots()[Self.target]?.accounts ?? [:]
        #expect(rows[7_000_001] == nil, "a row with a forged origin was applied")
        #expect(rows[7_000_002] == nil, "a kr-personal row was applied in \(Self.target)")
        #expect(rows[7_000_003] != nil, "the allowed row of the same batch must be applied")

        let metrics = PrometheusText(text: try await cluster.get("/metrics", from: Self.target).bodyText)
        for reason in ["unsigned", "bad_signature", "expired", "unknown_sender", "replayed", "body_too_large", "origin_mismatch"] {
            #expect(metrics.value("regiond_peer_requests_refused_total", ["reason": reason]) >= 1, "\(reason) not counted")
        }
        #expect(metrics.value("regiond_replication_batches_refused_total", ["reason": "origin_mismatch"]) >= 1)
        #expect(metrics.value("regiond_replication_rows_rejected_total") >= 1)

        try await expectNoSecretLeaks(cluster)
        await cluster.stopAgents()
        let rejected = try ResidencyLogReader(directory: cluster.deployment.auditDirectory(Self.target)).records()
            .filter { $0.event.kind == .rejected }
        #expect(rejected.contains { $0.event.residencyClass == "kr-personal" && $0.event.from == "tokyo" })
        let verifications = try cluster.verifyResidencyLogs()
        let verified = verifications.values.filter { $0.status == 0 }.count
        #expect(verified == verifications.count, "\(verifications.mapValues(\.all))")

        ChaosFigures(
            stage: "security", target: "agent \(Self.target)", faults: "8 hostile requests", writes: 0, lost: 0, duplicates: 0,
            residencyViolations: rows[7_000_002] == nil ? 0 : 1, chains: "\(verified)/\(verifications.count)", unavailability: [:],
            seconds: seconds(since: started)
        ).publish()
    }

    /// Every surface an operator or a scraper sees, after the agents have run into errors.
    private func expectNoSecretLeaks(_ cluster: ChaosCluster) async throws {
        try await Task.sleep(for: .seconds(3))
        var surfaces: [String: String] = [:]
        for region in ChaosDeployment.regions {
            surfaces["\(region) /metrics"] = try await cluster.get("/metrics", from: region).bodyText
            surfaces["\(region) /v1/status"] = try await cluster.get("/v1/status", from: region).bodyText
            surfaces["\(region) log"] = cluster.agentLog(region)
        }
        let status = try cluster.regiondOutput(["status", "--config", cluster.deployment.operatorConfigPath])
        surfaces["regiond status output"] = status
        #expect(surfaces.values.contains { $0.contains("powerdns") || $0.contains("DNS") || $0.contains("dns") },
                "the coordinator should have reported the unreachable DNS API somewhere")
        for (surface, text) in surfaces {
            for (secret, value) in cluster.deployment.secrets.all {
                #expect(!text.contains(value), "the \(secret) appears in \(surface)")
            }
        }
    }
}
