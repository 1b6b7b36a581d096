import Foundation
import RegionAgent
import RegionCore
import RegionIntegrity
import RegionNet
import Testing

/// The agent's integrity schedule, run for real against the peer's agent.
@Suite(.serialized)
struct IntegritySchedulingTests {
    typealias Fixture = IntegrityAgentFixture

    @Test func theScheduledRoundChecksThePeerRepairsRecordsAndReports() async throws {
        try await Fixture.with(interval: .milliseconds(300)) { fixture in
            let seoul = fixture[Fixture.seoul], tokyo = fixture[Fixture.tokyo]
            try await tokyo.behindRegiondsBack("UPDATE posts SET body = 'tampered' WHERE id = 4")

            let services = seoul.integrity.services
            let status = try await withThrowingTaskGroup(of: Void.self) { group in
                for service in services { group.addTask { try await service.run() } }
                defer { group.cancelAll() }
                // A bound for a bug: the parallel test phase can starve a task for minutes.
                let deadline = ContinuousClock.now + .seconds(300)
                while await seoul.integrity.ledger.records.filter({ $0.failure == nil }).count < 2 {
                    guard ContinuousClock.now < deadline else { break }
                    try await Task.sleep(for: .milliseconds(100))
                }
                let port = try #require(URLComponents(string: fixture.config.region(Fixture.seoul)?.agentURL ?? "")?.port)
                let response = try await fixture.http.execute(HTTPRequest(method: .get, url: "http://127.0.0.1:\(port)\(IntegrityStatus.path)"))
                return try JSONDecoder().decode(IntegrityStatus.self, from: response.body)
            }

            let posts = try #require(status.latest.first { $0.table == "posts" })
            #expect(!status.latest.contains { $0.peer == Fixture.singapore })
            #expect(status.region == Fixture.seoul && status.rounds >= 1)
            #expect(posts.peer == Fixture.tokyo && posts.failure == nil)
            #expect(posts.repaired == 1 || posts.differing == 0)
            #expect(try await tokyo.dump("posts") == seoul.dump("posts"))
            let integrityRecords = try seoul.auditRecords().filter { $0.event.kind == .integrity }
            #expect(integrityRecords.contains { $0.event.table == "posts" && $0.event.to == Fixture.tokyo })
            #expect(integrityRecords.contains { $0.event.detail?.contains("repaired=1") == true })
        }
    }
}
