import Foundation
import RegionAgent
import RegionCore
import RegionIntegrity
import RegionNet
import Testing

/// The integrity check between two agents over the signed peer protocol, on real
/// PostgreSQL and real HTTP.
@Suite(.serialized)
struct IntegrityOverHTTPTests {
    typealias Fixture = IntegrityAgentFixture

    @Test func divergenceInjectedBehindRegiondsBackIsFoundAndRepairedOverHTTP() async throws {
        try await Fixture.with { fixture in
            let seoul = fixture[Fixture.seoul], tokyo = fixture[Fixture.tokyo]
            try await tokyo.behindRegiondsBack("UPDATE accounts SET name = 'tampered' WHERE id = 3")
            try await tokyo.behindRegiondsBack("DELETE FROM posts WHERE id = 7")
            try await tokyo.behindRegiondsBack("INSERT INTO posts VALUES (99, 'written in tokyo only')")
            try await seoul.behindRegiondsBack("DELETE FROM accounts WHERE id = 11")

            let meter = ExchangeMeter()
            let checker = IntegrityChecker(
                config: fixture.config, local: fixture.peer(Fixture.seoul, askedBy: Fixture.tokyo, meter: meter),
                remote: fixture.peer(Fixture.tokyo, askedBy: Fixture.seoul, meter: meter), logger: Fixture.logger)
            let accounts = try await checker.check(table: "accounts", now: Fixture.wallClock, repair: true)
            let posts = try await checker.check(table: "posts", now: Fixture.wallClock, repair: true)

            #expect(accounts.rowsCompared == 32)
            #expect(Set(accounts.differingKeys) == ["{\"id\": 3}", "{\"id\": 11}"])
            #expect(Set(posts.differingKeys) == ["{\"id\": 7}", "{\"id\": 99}"])
            #expect(accounts.repaired == 2 && posts.repaired == 2)
            #expect(accounts.unrepaired.isEmpty && posts.unrepaired.isEmpty)
            #expect(try await seoul.dump("posts") == tokyo.dump("posts"))
            #expect(try await seoul.versions("posts") == tokyo.versions("posts"))
            #expect(try await seoul.dump("accounts").filter { !$0.contains("\"KR\"") } == tokyo.dump("accounts"))

            let exchanged = await meter.bytes
            let travelled = await seoul.traffic.byteCount + tokyo.traffic.byteCount
            #expect(exchanged == travelled)
            let again = try await checker.check(table: "posts", now: Fixture.wallClock, repair: false)
            #expect(again.differing == 0 && again.blocksCompared == 1)
        }
    }

    @Test func aRowOfAClassTheOtherRegionMayNotHoldNeverTravelsEitherWay() async throws {
        try await Fixture.with { fixture in
            let seoul = fixture[Fixture.seoul], tokyo = fixture[Fixture.tokyo]
            try await seoul.behindRegiondsBack("UPDATE accounts SET name = 'korean secret' WHERE id = 10")
            try await seoul.behindRegiondsBack("UPDATE accounts SET name = 'changed in seoul' WHERE id = 12")
            try await tokyo.behindRegiondsBack("DELETE FROM accounts WHERE id = 13")

            let checker = IntegrityChecker(
                config: fixture.config, local: fixture.peer(Fixture.seoul, askedBy: Fixture.tokyo),
                remote: fixture.peer(Fixture.tokyo, askedBy: Fixture.seoul), logger: Fixture.logger)
            let result = try await checker.check(table: "accounts", now: Fixture.wallClock, repair: true)

            #expect(Set(result.differingKeys) == ["{\"id\": 12}", "{\"id\": 13}"])
            #expect(result.repaired == 2)
            let everything = await seoul.traffic.texts + tokyo.traffic.texts
            #expect(!everything.isEmpty)
            #expect(everything.contains { $0.contains("changed in seoul") })
            #expect(!everything.contains { $0.contains("KR") || $0.contains("korean secret") })
            #expect(try await !tokyo.dump("accounts").contains { $0.contains("\"KR\"") })
        }
    }

    @Test func theServerAnswersForTheSignerAndRefusesToSpeakForAnotherRegion() async throws {
        try await Fixture.with { fixture in
            let askedAsSingapore = IntegrityRowsRequest(requester: Fixture.singapore, table: "accounts", floor: nil, blocks: [.wholeTable])
            await #expect(throws: IntegrityTransportError.self) {
                _ = try await fixture.peer(Fixture.seoul, askedBy: Fixture.tokyo).listRows(askedAsSingapore)
            }

            let listing = try await fixture.peer(Fixture.seoul, askedBy: Fixture.tokyo)
                .listRows(IntegrityRowsRequest(requester: Fixture.tokyo, table: "accounts", floor: nil, blocks: [.wholeTable]))
            let korean = listing.rows.filter { [5, 10, 15, 20, 25, 30, 35, 40].map { "{\"id\": \($0)}" }.contains($0.key) }
            #expect(korean.count == 8)
            #expect(korean.allSatisfy { if case .withheld = $0.copy { true } else { false } })
            #expect(listing.rows.filter(\.copy.isLive).count == 32)
        }
    }

    @Test func theServerRefusesRepairRowsOfAClassItMayNotHold() async throws {
        try await Fixture.with { fixture in
            let version = Fixture.settledVersion(offset: 9)
            let repair = IntegrityRepairRequest(
                requester: Fixture.seoul, table: "accounts",
                newer: [
                    RepairRow(key: "{\"id\": 77}", version: version, row: "{\"id\": 77, \"country\": \"KR\", \"name\": \"korean\"}"),
                    RepairRow(key: "{\"id\": 78}", version: version, row: "{\"id\": 78, \"country\": \"JP\", \"name\": \"japanese\"}"),
                ],
                restores: [])
            let answer = try await fixture.peer(Fixture.tokyo, askedBy: Fixture.seoul).repair(repair)
            #expect(answer.refused == 1 && answer.applied == 1)
            let tokyoAccounts = try await fixture[Fixture.tokyo].dump("accounts")
            #expect(!tokyoAccounts.contains { $0.contains("\"id\": 77") })
            #expect(tokyoAccounts.contains { $0.contains("\"id\": 78") })
        }
    }

    @Test func erasureThroughTheAgentLeavesATombstoneAndARecord() async throws {
        try await Fixture.with { fixture in
            let seoul = fixture[Fixture.seoul]
            try await seoul.connection.execute("INSERT INTO accounts VALUES (500, 'KR', 'data subject')")
            let erasure = ErasureClient(config: fixture.config, keys: Fixture.keys, http: fixture.http, logger: Fixture.logger)

            let reply = try await erasure.erase(ErasureRequest(table: "accounts", key: RowKey("500"), requestedBy: "dpo@test"), in: Fixture.seoul)
            #expect(reply.rows == 1 && reply.className == "kr-personal" && reply.replicatedTo.isEmpty)
            #expect(try await !seoul.dump("accounts").contains { $0.contains("data subject") })
            #expect(try await seoul.versions("accounts").contains { $0.hasPrefix("{\"id\": 500}") && $0.hasSuffix("true") })
            let erased = try seoul.auditRecords().filter { $0.event.kind == .erased }
            #expect(erased.count == 1 && erased.first?.event.rows == 1)

            await #expect(throws: IntegrityTransportError.self) {
                _ = try await erasure.erase(ErasureRequest(table: "nonexistent", key: RowKey("1"), requestedBy: "dpo@test"), in: Fixture.seoul)
            }
        }
    }
}
