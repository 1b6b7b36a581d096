import RegionCore
import Testing

@Suite("FailoverPlanner")
struct FailoverPlannerTests {
    typealias F = FailoverFixture
    let config = F.deployment()

    func served(_ state: DesiredDNSState) -> [String: RegionName] {
        Dictionary(uniqueKeysWithValues: state.geos.compactMap { answer in answer.served.map { (answer.geo, $0) } })
    }

    func regions(_ state: DesiredDNSState, geo: String) -> [RegionName] {
        state.answer(forGeo: geo)?.regions.map(\.region) ?? []
    }

    @Test func healthyDeploymentServesEachGeoFromItsFirstChoice() {
        let state = FailoverPlanner.plan(config: config, down: [], drained: [])
        #expect(served(state) == ["KR": F.seoul, "SEA": F.singapore, "JP": F.tokyo, "default": F.seoul])
        #expect(state.answer(forGeo: "KR")?.regions == [
            WeightedRegion(region: F.seoul, weight: 100), WeightedRegion(region: F.tokyo, weight: 0),
            WeightedRegion(region: F.singapore, weight: 0),
        ])
        #expect(state.answer(forGeo: "default")?.regions.map(\.weight) == [70, 20, 10])
    }

    @Test func seoulDownSendsKoreaToTokyo() {
        let state = FailoverPlanner.plan(config: config, down: [F.seoul], drained: [])
        #expect(served(state) == ["KR": F.tokyo, "SEA": F.singapore, "JP": F.tokyo, "default": F.singapore])
        #expect(regions(state, geo: "KR") == [F.tokyo, F.singapore])
        #expect(state.answer(forGeo: "default")?.regions == [
            WeightedRegion(region: F.singapore, weight: 20), WeightedRegion(region: F.tokyo, weight: 10),
        ])
    }

    @Test func seoulAndTokyoDownSendEveryoneToSingapore() {
        let state = FailoverPlanner.plan(config: config, down: [F.seoul, F.tokyo], drained: [])
        #expect(Set(served(state).values) == [F.singapore])
        #expect(state.geos.allSatisfy { $0.regions == [WeightedRegion(region: F.singapore, weight: $0.geo == "default" ? 20 : 100)] })
    }

    @Test func drainedRegionLeavesDNSLikeADownOne() {
        let state = FailoverPlanner.plan(config: config, down: [], drained: [F.tokyo])
        #expect(served(state)["JP"] == F.seoul)
        #expect(state.geos.allSatisfy { !$0.regions.map(\.region).contains(F.tokyo) })
    }

    @Test func witnessNeverAppearsInDNS() {
        let state = FailoverPlanner.plan(config: config, down: [], drained: [])
        #expect(state.geos.allSatisfy { !$0.regions.map(\.region).contains(F.frankfurt) })
    }

    @Test func failbackWaitsUntilEveryTierIsUnderItsObjective() {
        var planner = FailoverPlanner(config: config)
        let everyone = config.voterNames
        let withoutSeoul = everyone.filter { $0 != F.seoul }
        planner.recordLag(region: F.seoul, lagByTier: F.caughtUp, measuredAt: F.at(seconds: 99))
        _ = planner.plan(view: withoutSeoul, drained: [], now: F.at(seconds: 100))

        var plan = planner.plan(view: everyone, drained: [], now: F.at(seconds: 200))
        #expect(served(plan.state)["KR"] == F.tokyo, "lag measured before the outage does not count")
        #expect(plan.awaitingCatchUp == [F.seoul])

        planner.recordLag(
            region: F.seoul, lagByTier: ["critical": .seconds(1), "content": .seconds(45), "logs": .seconds(10)],
            measuredAt: F.at(seconds: 201)
        )
        plan = planner.plan(view: everyone, drained: [], now: F.at(seconds: 201))
        #expect(served(plan.state)["KR"] == F.tokyo, "content is 45 s behind, its objective is 30 s")

        planner.recordLag(region: F.seoul, lagByTier: ["content": .seconds(30)], measuredAt: F.at(seconds: 202))
        #expect(
            served(planner.plan(view: everyone, drained: [], now: F.at(seconds: 202)).state)["KR"] == F.tokyo,
            "lag must be under, not at, the objective"
        )

        planner.recordLag(region: F.seoul, lagByTier: ["content": .seconds(29)], measuredAt: F.at(seconds: 203))
        plan = planner.plan(view: everyone, drained: [], now: F.at(seconds: 203))
        #expect(served(plan.state)["KR"] == F.seoul)
        #expect(plan.awaitingCatchUp.isEmpty)
    }

    @Test func reorderedOlderLagReportDoesNotOverrideANewerOne() {
        var catchUp = ReplicationCatchUp()
        catchUp.report(region: F.seoul, lagByTier: F.caughtUp, measuredAt: F.at(seconds: 10))
        catchUp.report(region: F.seoul, lagByTier: ["critical": .seconds(60)], measuredAt: F.at(seconds: 5))
        #expect(catchUp.isCaughtUp(F.seoul, tiers: config.tiers, since: F.at(seconds: 10)))
        #expect(!catchUp.isCaughtUp(F.seoul, tiers: config.tiers, since: F.at(seconds: 11)))
        #expect(!catchUp.isCaughtUp(F.tokyo, tiers: config.tiers, since: .zero))
    }

    @Test func regionLearnedAwaitingFromAPeerDuringAnOutageIsKeptOutAtOnce() {
        var planner = FailoverPlanner(config: config)
        let withoutSeoul = [F.singapore, F.tokyo, F.frankfurt]
        _ = planner.plan(view: withoutSeoul, drained: [], now: F.at(seconds: 1))
        #expect(planner.plan(view: withoutSeoul, drained: [], now: F.at(seconds: 2)).awaitingCatchUp == [F.seoul])
        planner.awaitCatchUp(of: F.tokyo, since: F.at(seconds: 3))
        let plan = planner.plan(view: withoutSeoul, drained: [], now: F.at(seconds: 3))
        #expect(plan.awaitingCatchUp == [F.seoul, F.tokyo])
        #expect(served(plan.state)["JP"] == F.singapore)
    }

    @Test func lagHeldIsEqualWhateverOrderRegionsAndTiersWereFirstReported() {
        var first = ReplicationCatchUp()
        first.report(region: F.seoul, lagByTier: ["critical": .seconds(1)], measuredAt: F.at(seconds: 1))
        first.report(region: F.tokyo, lagByTier: ["content": .seconds(2), "logs": .seconds(3)], measuredAt: F.at(seconds: 2))
        first.report(region: F.seoul, lagByTier: ["logs": .seconds(4)], measuredAt: F.at(seconds: 3))
        var second = ReplicationCatchUp()
        second.report(region: F.tokyo, lagByTier: ["logs": .seconds(3), "content": .seconds(2)], measuredAt: F.at(seconds: 2))
        second.report(region: F.seoul, lagByTier: ["logs": .seconds(4)], measuredAt: F.at(seconds: 3))
        second.report(region: F.seoul, lagByTier: ["critical": .seconds(1)], measuredAt: F.at(seconds: 1))
        #expect(first == second)
        #expect(first.measurements(of: F.seoul)["logs"]?.lag == .seconds(4))
        second.report(region: F.seoul, lagByTier: ["critical": .seconds(9)], measuredAt: F.at(seconds: 4))
        #expect(first != second)
    }

    @Test func witnessRejoinsWithoutWaitingForReplication() {
        var planner = FailoverPlanner(config: config)
        _ = planner.plan(view: [F.seoul, F.singapore, F.tokyo], drained: [], now: F.at(seconds: 1))
        #expect(planner.plan(view: config.voterNames, drained: [], now: F.at(seconds: 2)).awaitingCatchUp.isEmpty)
    }

    @Test func catchingUpRegionServesWhenNothingElseCan() {
        var planner = FailoverPlanner(config: config)
        _ = planner.plan(view: [F.singapore, F.frankfurt], drained: [], now: F.at(seconds: 1))
        let plan = planner.plan(view: [F.seoul, F.singapore, F.frankfurt], drained: [F.singapore], now: F.at(seconds: 2))
        #expect(Set(served(plan.state).values) == [F.seoul])
        #expect(plan.geosWithoutAvailableRegion.isEmpty)
    }

    @Test func everyRegionUnavailableKeepsTheLastAnswer() {
        var planner = FailoverPlanner(config: config)
        let before = planner.plan(view: [F.singapore, F.frankfurt], drained: [], now: F.at(seconds: 1)).state
        let plan = planner.plan(view: [F.singapore, F.frankfurt], drained: [F.singapore], now: F.at(seconds: 2))
        #expect(plan.state == before)
        #expect(plan.geosWithoutAvailableRegion == ["KR", "SEA", "JP", "default"])
        #expect(plan.state.geos.allSatisfy { !$0.regions.isEmpty })
    }

    @Test func staticPlanNeverAnswersEmpty() {
        let state = FailoverPlanner.plan(config: config, down: [F.seoul, F.tokyo], drained: [F.singapore])
        #expect(state == FailoverPlanner.plan(config: config, down: [], drained: []))
    }

    @Test func coordinatorIsFirstViewMemberInConfigOrder() {
        #expect(CoordinatorElection.coordinator(config: config, view: config.voterNames) == F.seoul)
        #expect(CoordinatorElection.coordinator(config: config, view: [F.frankfurt, F.tokyo]) == F.tokyo)
        #expect(CoordinatorElection.coordinator(config: config, view: []) == nil)
    }

    @Test func changeSummaryNamesWhatMoved() {
        let before = FailoverPlanner.plan(config: config, down: [], drained: [])
        let after = FailoverPlanner.plan(config: config, down: [F.seoul], drained: [])
        let summary = after.changeSummary(from: before)
        #expect(summary.contains("KR: seoul → tokyo"))
        #expect(summary.contains("default: seoul 70, singapore 20, tokyo 10 → singapore 20, tokyo 10"))
        #expect(after.changeSummary(from: after) == "no change")
    }
}
