import Foundation
import RegionAgent
import RegionCore
import RegionIntegrity
import Testing

/// A repair of many rows travels in several requests, each under the receiver's
/// `security.max_body_bytes` (here 4 KiB), whether the requester knows the limit (it splits
/// before sending) or believes it larger (the peer answers 413 and it halves until the parts fit).
/// Answers are held to the requester's own limit: one over it is dropped and asked for in halves.
@Suite(.serialized)
struct IntegrityRepairSplitTests {
    typealias Fixture = IntegrityAgentFixture
    static let limit = 4_096
    static let rows = 300

    @Test(arguments: [limit, SecuritySettings().maxBodyBytes])
    func manyDifferingRowsAreRepairedInRequestsUnderTheLimit(believedLimit: Int) async throws {
        try await Fixture.with(maxBodyBytes: Self.limit) { fixture in
            let seoul = fixture[Fixture.seoul], tokyo = fixture[Fixture.tokyo]
            let padding = String(repeating: "p", count: 60)
            try await seoul.behindRegiondsBack(
                "INSERT INTO posts SELECT g, 'only in seoul \(padding) ' || g FROM generate_series(1001, \(1000 + Self.rows)) g")

            let checker = IntegrityChecker(
                config: fixture.config,
                local: fixture.peer(Fixture.seoul, askedBy: Fixture.tokyo, maxBodyBytes: believedLimit),
                remote: fixture.peer(Fixture.tokyo, askedBy: Fixture.seoul, maxBodyBytes: believedLimit), logger: Fixture.logger)
            let posts = try await checker.check(table: "posts", now: Fixture.wallClock, repair: true)

            #expect(posts.differing == Self.rows && posts.repaired == Self.rows && posts.unrepaired.isEmpty)
            #expect(try await seoul.dump("posts") == tokyo.dump("posts"))
            let requests = await seoul.traffic.requests + tokyo.traffic.requests
            let repairs = await tokyo.traffic.requests.filter { String(decoding: $0, as: UTF8.self).contains("\"restores\"") }
            #expect(requests.allSatisfy { $0.count <= Self.limit })
            #expect(repairs.count >= Self.rows * padding.count / Self.limit)
        }
    }

    @Test func aFetchWhoseAnswerIsOverTheRequestersLimitArrivesInParts() async throws {
        try await Fixture.with(maxBodyBytes: Self.limit) { fixture in
            let seoul = fixture[Fixture.seoul]
            let padding = String(repeating: "p", count: 60)
            try await seoul.behindRegiondsBack(
                "INSERT INTO posts SELECT g, 'only in seoul \(padding) ' || g FROM generate_series(1001, \(1000 + Self.rows)) g")
            let keys = (1001...(1000 + Self.rows)).map { "{\"id\": \($0)}" }

            let fetched = try await fixture.peer(Fixture.seoul, askedBy: Fixture.tokyo, maxBodyBytes: Self.limit)
                .fetchRows(IntegrityFetchRequest(requester: Fixture.tokyo, table: "posts", keys: keys))

            #expect(fetched.rows.count == Self.rows)
            #expect(Set(fetched.rows.map(\.key)).count == Self.rows)
            let replies = await seoul.traffic.replies
            #expect(replies.contains { $0.count > Self.limit }, "the whole answer was produced, then dropped by the requester")
            #expect(replies.filter { $0.count <= Self.limit }.count >= Self.rows * padding.count / Self.limit)
        }
    }

    @Test func aSingleRowWhoseAnswerIsOverTheLimitNamesTheSettingToRaise() async throws {
        try await Fixture.with(maxBodyBytes: Self.limit) { fixture in
            try await fixture[Fixture.seoul].behindRegiondsBack(
                "INSERT INTO posts VALUES (5000, '\(String(repeating: "x", count: Self.limit))')")
            let error = try await #require(throws: IntegrityTransportError.self) {
                _ = try await fixture.peer(Fixture.seoul, askedBy: Fixture.tokyo, maxBodyBytes: Self.limit)
                    .fetchRows(IntegrityFetchRequest(requester: Fixture.tokyo, table: "posts", keys: ["{\"id\": 5000}"]))
            }
            #expect(error == .answerOverLimit(peer: Fixture.seoul, path: IntegrityRoutes.fetchPath, limit: Self.limit))
            #expect(error.description.contains("max_body_bytes"))
        }
    }

    @Test func aSingleRowOverTheLimitIsRefusedWithTheSettingToRaise() async throws {
        try await Fixture.with(maxBodyBytes: Self.limit) { fixture in
            let row = RepairRow(
                key: "{\"id\": 5000}", version: Fixture.settledVersion(offset: 3),
                row: "{\"id\": 5000, \"body\": \"\(String(repeating: "x", count: Self.limit))\"}")
            let tokyo = fixture.peer(Fixture.tokyo, askedBy: Fixture.seoul, maxBodyBytes: Self.limit)
            let error = try await #require(throws: IntegrityTransportError.self) {
                _ = try await tokyo.repair(IntegrityRepairRequest(requester: Fixture.seoul, table: "posts", newer: [row], restores: []))
            }
            #expect(error.description.contains("max_body_bytes"))
        }
    }
}
