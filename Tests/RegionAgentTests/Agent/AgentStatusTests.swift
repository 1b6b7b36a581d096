import Foundation
@testable import RegionAgent
import RegionCore
import Testing

@Suite("Status endpoint and table")
struct AgentStatusTests {
    @Test func statusIsReadableAsThePeerProtocolStatus() throws {
        let cluster = try InMemoryCluster()
        let core = try AgentCore(config: cluster.config, region: "tokyo", now: .zero)
        let status = AgentStatus(core: core, now: Timestamp(milliseconds: 42))
        let body = try JSONEncoder().encode(status)

        #expect(try JSONDecoder().decode(AgentStatus.self, from: body) == status)
        let peer = try JSONDecoder().decode(PeerStatus.self, from: body)
        #expect(peer.region == "tokyo")
        #expect(peer.view == ["seoul", "singapore", "tokyo"])
        #expect(peer.reportedAt == Timestamp(milliseconds: 42))
    }

    @Test func tableShowsEachAgentsViewAndTheDNSAnswers() throws {
        let cluster = try InMemoryCluster()
        var seoul = try AgentCore(config: cluster.config, region: "seoul", now: .zero)
        for round in 0..<3 {
            let now = Timestamp(milliseconds: Int64(round) * 500)
            for case .probe(let target, let sequence) in seoul.tick(now: now) where target == "tokyo" {
                let result = ProbeResult(target: target, sequence: sequence, outcome: .failure(reason: "refused"))
                _ = seoul.probeCompleted(result, now: now + .milliseconds(10))
            }
        }
        let singapore = try AgentCore(config: cluster.config, region: "singapore", now: .zero)
        let table = StatusTable(
            statuses: [AgentStatus(core: seoul, now: .zero), AgentStatus(core: singapore, now: .zero)],
            unreachable: [(agent: "http://127.0.0.1:3", reason: "connection refused")]
        ).render()

        let tokyoRow = try #require(table.split(separator: "\n").first { $0.hasPrefix("tokyo") })
        #expect(tokyoRow.contains("down"), "seoul's agent sees tokyo down: \(tokyoRow)")
        #expect(tokyoRow.contains("up"), "singapore's agent still sees tokyo up: \(tokyoRow)")
        #expect(table.contains("SEEN BY SEOUL"))
        let krRow = try #require(table.split(separator: "\n").first { $0.hasPrefix("KR ") })
        #expect(krRow.contains("seoul > tokyo > singapore"))
        #expect(table.contains("agent http://127.0.0.1:3 did not answer: connection refused"))
    }
}
