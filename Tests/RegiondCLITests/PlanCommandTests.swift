import Foundation
import RegionTestSupport
import Testing

struct PlanCommandTests {
    let regionsYAML = RegiondExecutable.repositoryRoot.appendingPathComponent("regions.yaml")

    func plan(_ arguments: [String]) throws -> [String: [String]] {
        let result = try RegiondExecutable().run(["plan", "--config", regionsYAML.path, "--json"] + arguments)
        #expect(result.status == 0, "\(result.standardError)")
        let object = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: [String: [String]]]
        return try #require(object?["geo"])
    }

    @Test func nothingDownServesEachGeoFromItsFirstChoice() throws {
        let geos = try plan([])
        #expect(geos["KR"]?.first == "seoul")
        #expect(geos["SEA"]?.first == "singapore")
        #expect(geos["JP"]?.first == "tokyo")
    }

    @Test func seoulDownSendsKoreanUsersAway() throws {
        let geos = try plan(["--down", "seoul"])
        #expect(geos["KR"] == ["tokyo", "singapore"])
        #expect(geos.values.allSatisfy { !$0.contains("seoul") })
    }

    @Test func seoulAndTokyoDownSendEveryoneToSingapore() throws {
        let geos = try plan(["--down", "seoul,tokyo"])
        #expect(!geos.isEmpty)
        #expect(geos.values.allSatisfy { $0 == ["singapore"] })
    }

    @Test func drainedRegionLeavesTheAnswer() throws {
        let geos = try plan(["--drained", "tokyo"])
        #expect(geos["JP"]?.first == "seoul")
    }

    @Test func unknownRegionIsRefusedWithTheKnownOnes() throws {
        let result = try RegiondExecutable().run(["plan", "--config", regionsYAML.path, "--down", "osaka"])
        #expect(result.status == 2)
        #expect(result.standardError.contains("no region 'osaka'; it declares seoul, singapore, tokyo, frankfurt"))
    }

    @Test func tableFlagsUsersServedWhereTheirDataMayNotLive() throws {
        let result = try RegiondExecutable().run(["plan", "--config", regionsYAML.path, "--down", "seoul"])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("kr-personal rows"))
        #expect(result.standardOutput.contains("not readable in tokyo"))
    }
}
