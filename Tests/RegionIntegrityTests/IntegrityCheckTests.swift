import RegionCore
import RegionPostgres
import RegionIntegrity
import Testing

/// The check on real PostgreSQL: regions in sync, divergence injected with the capture off.
@Suite(.serialized)
struct IntegrityCheckTests {
    @Test func regionsInSyncCompareOneDigestPerTable() async throws {
        try await TwoRegions.with { regions in
            let meter = ExchangeMeter()
            let checker = regions.checker(meter: meter)
            let accounts = try await checker.check(table: "accounts", now: IntegrityFixture.wallClock, repair: true)
            let posts = try await checker.check(table: "posts", now: IntegrityFixture.wallClock, repair: true)
            #expect(accounts.rowsCompared == 32)
            #expect(posts.rowsCompared == 30)
            #expect(accounts.blocksCompared == 1 && posts.blocksCompared == 1)
            #expect(accounts.differing == 0 && posts.differing == 0)
            #expect(await meter.messages == 4)
        }
    }

    @Test func rowsEditedDeletedAndAddedBehindRegiondsBackAreFoundAndRepaired() async throws {
        try await TwoRegions.with { regions in
            try await regions.tokyo.behindRegiondsBack("UPDATE accounts SET name = 'tampered' WHERE id = 3")
            try await regions.tokyo.behindRegiondsBack("DELETE FROM posts WHERE id = 7")
            try await regions.tokyo.behindRegiondsBack("INSERT INTO posts VALUES (99, 'written in tokyo only')")
            try await regions.seoul.behindRegiondsBack("DELETE FROM accounts WHERE id = 11")
            let seoulBefore = try await regions.seoul.dump("accounts")

            let checker = regions.checker()
            let accounts = try await checker.check(table: "accounts", now: IntegrityFixture.wallClock, repair: true)
            let posts = try await checker.check(table: "posts", now: IntegrityFixture.wallClock, repair: true)

            #expect(accounts.differing == 2 && accounts.repaired == 2 && accounts.unrepaired.isEmpty)
            #expect(posts.differing == 2 && posts.repaired == 2 && posts.unrepaired.isEmpty)
            #expect(Set(accounts.differingKeys) == ["{\"id\": 3}", "{\"id\": 11}"])
            #expect(Set(posts.differingKeys) == ["{\"id\": 7}", "{\"id\": 99}"])

            let seoulAccounts = try await regions.seoul.dump("accounts")
            let tokyoAccounts = try await regions.tokyo.dump("accounts")
            #expect(seoulAccounts.filter { !$0.contains("\"KR\"") } == tokyoAccounts)
            #expect(tokyoAccounts.contains("{\"id\": 3, \"name\": \"user 3\", \"country\": \"JP\"}"))
            #expect(seoulAccounts.count == seoulBefore.count + 1)
            #expect(seoulAccounts.contains("{\"id\": 11, \"name\": \"user 11\", \"country\": \"JP\"}"))
            #expect(try await regions.seoul.dump("posts") == regions.tokyo.dump("posts"))
            #expect(try await regions.seoul.versions("posts") == regions.tokyo.versions("posts"))

            let again = try await checker.check(table: "posts", now: IntegrityFixture.wallClock, repair: false)
            #expect(again.differing == 0 && again.blocksCompared == 1)
        }
    }

    @Test func nothingButTheDifferingRowsIsTouched() async throws {
        try await TwoRegions.with { regions in
            try await regions.tokyo.behindRegiondsBack("UPDATE posts SET body = 'tampered' WHERE id = 4")
            let untouchedSeoul = try await regions.seoul.versions("posts").filter { !$0.hasPrefix("{\"id\": 4}") }
            let untouchedTokyo = try await regions.tokyo.versions("posts").filter { !$0.hasPrefix("{\"id\": 4}") }
            try await regions.seoul.connection.execute("CREATE TABLE ctids AS SELECT id, xmin::text AS x FROM posts")
            try await regions.tokyo.connection.execute("CREATE TABLE ctids AS SELECT id, xmin::text AS x FROM posts")

            let result = try await regions.checker().check(table: "posts", now: IntegrityFixture.wallClock, repair: true)
            #expect(result.differing == 1 && result.repaired == 1)

            for region in [regions.seoul, regions.tokyo] {
                let rewritten = try await region.connection.query(
                    "SELECT p.id FROM posts p JOIN ctids c USING (id) WHERE p.xmin::text <> c.x ORDER BY p.id").rows.compactMap { $0["id"] }
                #expect(rewritten == (region.name == IntegrityFixture.tokyo ? ["4"] : []))
            }
            #expect(try await regions.seoul.versions("posts").filter { !$0.hasPrefix("{\"id\": 4}") } == untouchedSeoul)
            #expect(try await regions.tokyo.versions("posts").filter { !$0.hasPrefix("{\"id\": 4}") } == untouchedTokyo)
            #expect(try await regions.tokyo.connection.query("SELECT count(*) AS n FROM regiond.changelog").first?["n"] == "0")
        }
    }

    @Test func newerVersionsAndTombstonesWinLastWriteWins() async throws {
        try await TwoRegions.with { regions in
            let newer = IntegrityFixture.settledVersion(origin: IntegrityFixture.tokyo, offset: 5)
            try await regions.tokyo.seed("posts", [(id: 2, json: "{\"id\": 2, \"body\": \"edited in tokyo\"}", version: newer)])
            try await regions.seoul.applier.apply([RemoteChange(table: "posts", primaryKey: "{\"id\": 5}", version: newer, row: nil)])

            let result = try await regions.checker().check(table: "posts", now: IntegrityFixture.wallClock, repair: true)
            #expect(result.differing == 2 && result.repaired == 2)
            #expect(try await regions.seoul.dump("posts").contains("{\"id\": 2, \"body\": \"edited in tokyo\"}"))
            #expect(try await !regions.tokyo.dump("posts").contains { $0.hasPrefix("{\"id\": 5,") })
            #expect(try await regions.seoul.versions("posts") == regions.tokyo.versions("posts"))
        }
    }

    @Test func changesYoungerThanTheReplicationHorizonAreInFlightNotDivergence() async throws {
        try await TwoRegions.with { regions in
            try await regions.seoul.connection.execute("UPDATE posts SET body = 'just written' WHERE id = 1")
            let now = IntegrityFixture.wallClock
            let early = try await regions.checker().check(table: "posts", now: now, repair: true)
            #expect(early.inFlight == 1 && early.differing == 0)
            #expect(try await !regions.tokyo.dump("posts").contains { $0.contains("just written") })

            let later = try await regions.checker().check(table: "posts", now: now + .seconds(60), repair: true)
            #expect(later.differing == 1 && later.repaired == 1)
        }
    }
}
