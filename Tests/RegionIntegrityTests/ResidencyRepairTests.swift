import RegionCore
import RegionIntegrity
import Testing

/// The repair never sends a row to a region its residency class forbids.
@Suite(.serialized)
struct ResidencyRepairTests {
    @Test func koreanRowsHeldOnlyInSeoulAreNeitherReportedNorSent() async throws {
        try await TwoRegions.with { regions in
            let result = try await regions.checker().check(table: "accounts", now: IntegrityFixture.wallClock, repair: true)
            #expect(result.differing == 0)
            #expect(try await regions.tokyo.dump("accounts").allSatisfy { !$0.contains("\"KR\"") })
        }
    }

    @Test func aRowThatBecameKoreanIsRemovedFromTokyoWithoutItsContentLeavingSeoul() async throws {
        try await TwoRegions.with { regions in
            let newer = IntegrityFixture.settledVersion(offset: 9)
            try await regions.seoul.seed("accounts", [(id: 6, json: "{\"id\": 6, \"country\": \"KR\", \"name\": \"moved home\"}", version: newer)])

            let meter = ExchangeMeter()
            let result = try await regions.checker(meter: meter).check(table: "accounts", now: IntegrityFixture.wallClock, repair: true)
            #expect(result.differing == 1 && result.repaired == 1)
            #expect(try await !regions.tokyo.dump("accounts").contains { $0.hasPrefix("{\"id\": 6,") })
            #expect(try await regions.tokyo.dump("accounts").allSatisfy { !$0.contains("moved home") })
        }
    }

    @Test func aStoreNeverFetchesAKoreanRowForTokyoEvenWhenAsked() async throws {
        try await TwoRegions.with { regions in
            let fetched = try await regions.seoul.store.fetchRows(
                IntegrityFetchRequest(requester: IntegrityFixture.tokyo, table: "accounts", keys: ["{\"id\": 5}", "{\"id\": 6}"]))
            #expect(fetched.rows.map(\.key) == ["{\"id\": 6}"])
        }
    }

    @Test func tokyoRefusesAKoreanRowSentForRepair() async throws {
        try await TwoRegions.with { regions in
            let row = RepairRow(key: "{\"id\": 77}", version: IntegrityFixture.settledVersion(), row: "{\"id\": 77, \"country\": \"kr \", \"name\": \"x\"}")
            let answer = try await regions.tokyo.store.repair(
                IntegrityRepairRequest(requester: IntegrityFixture.seoul, table: "accounts", newer: [row], restores: []))
            #expect(answer.refused == 1 && answer.applied == 0)
            #expect(try await !regions.tokyo.dump("accounts").contains { $0.hasPrefix("{\"id\": 77,") })
        }
    }
}
