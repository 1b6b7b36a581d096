import Foundation
import RegionCore
import Testing

@Suite("QuorumView")
struct QuorumViewTests {
    typealias F = FailoverFixture
    let now = F.at(seconds: 1_000)

    func view(withWitness: Bool = true) -> QuorumView { QuorumView(config: F.deployment(withWitness: withWitness)) }

    /// Records `observer`'s fresh observations: `down` targets down, every other voter up.
    func observe(_ view: inout QuorumView, by observer: RegionName, down: [RegionName], at time: Timestamp? = nil) {
        for target in view.voters {
            view.record(Observation(observer: observer, target: target, status: down.contains(target) ? .down : .up, observedAt: time ?? now))
        }
    }

    @Test func regionIsDeclaredDownByStrictMajorityOfTheWholeView() {
        var view = view()
        observe(&view, by: F.singapore, down: [F.seoul])
        observe(&view, by: F.tokyo, down: [F.seoul])
        #expect(view.evaluate(now: now).isEmpty, "2 of 4 is not a strict majority")
        observe(&view, by: F.frankfurt, down: [F.seoul])
        #expect(view.evaluate(now: now) == ViewChange(down: [F.seoul]))
        #expect(view.members == [F.singapore, F.tokyo, F.frankfurt])
    }

    @Test func suspectDoesNotVoteForItself() {
        var view = view()
        observe(&view, by: F.seoul, down: [F.seoul])
        observe(&view, by: F.singapore, down: [F.seoul])
        observe(&view, by: F.tokyo, down: [F.seoul])
        #expect(view.evaluate(now: now).isEmpty)
    }

    @Test func secondFailureIsJudgedByTheSmallerView() {
        var view = view()
        for observer in [F.singapore, F.tokyo, F.frankfurt] { observe(&view, by: observer, down: [F.seoul]) }
        #expect(view.evaluate(now: now).down == [F.seoul])

        // Tokyo fails later: its own observations go stale, singapore and frankfurt see it down.
        let later = now + .seconds(60)
        for observer in [F.singapore, F.frankfurt] { observe(&view, by: observer, down: [F.seoul, F.tokyo], at: later) }
        #expect(view.evaluate(now: later) == ViewChange(down: [F.tokyo]))
        #expect(view.members == [F.singapore, F.frankfurt])
    }

    @Test func simultaneousLossOfHalfTheViewDecidesNothing() {
        var view = view()
        for observer in [F.singapore, F.frankfurt] { observe(&view, by: observer, down: [F.seoul, F.tokyo]) }
        #expect(view.evaluate(now: now).isEmpty)
    }

    @Test func minoritySideOfPartitionDeclaresNobodyDown() {
        // Seoul is cut off from everyone: it only has its own observations.
        var seoulSide = view()
        observe(&seoulSide, by: F.seoul, down: [F.singapore, F.tokyo, F.frankfurt])
        #expect(seoulSide.evaluate(now: now).isEmpty)
        #expect(seoulSide.members.count == 4)
        #expect(!seoulSide.isOnMajoritySide(F.seoul, now: now))

        // The other three hear each other and agree seoul is down.
        var majoritySide = view()
        for observer in [F.singapore, F.tokyo, F.frankfurt] { observe(&majoritySide, by: observer, down: [F.seoul]) }
        #expect(majoritySide.isOnMajoritySide(F.singapore, now: now))
        #expect(majoritySide.evaluate(now: now).down == [F.seoul])
    }

    @Test func evenSplitPartitionDecidesNothingOnEitherSide() {
        var west = view()
        for observer in [F.seoul, F.singapore] { observe(&west, by: observer, down: [F.tokyo, F.frankfurt]) }
        var east = view()
        for observer in [F.tokyo, F.frankfurt] { observe(&east, by: observer, down: [F.seoul, F.singapore]) }
        #expect(west.evaluate(now: now).isEmpty)
        #expect(east.evaluate(now: now).isEmpty)
        #expect(!west.isOnMajoritySide(F.seoul, now: now))
        #expect(!east.isOnMajoritySide(F.tokyo, now: now))
    }

    @Test func twoVotersThatLoseEachOtherWithNoWitnessBothDoNothing() {
        // Singapore and tokyo remain after seoul left; there is no witness.
        var singaporeSide = view(withWitness: false)
        for observer in [F.singapore, F.tokyo] { observe(&singaporeSide, by: observer, down: [F.seoul]) }
        #expect(singaporeSide.evaluate(now: now).down == [F.seoul])
        var tokyoSide = singaporeSide
        let later = now + .seconds(120)
        observe(&singaporeSide, by: F.singapore, down: [F.seoul, F.tokyo], at: later)
        observe(&tokyoSide, by: F.tokyo, down: [F.seoul, F.singapore], at: later)
        #expect(singaporeSide.evaluate(now: later).isEmpty)
        #expect(tokyoSide.evaluate(now: later).isEmpty)
        #expect(singaporeSide.members == [F.singapore, F.tokyo])
        #expect(tokyoSide.members == [F.singapore, F.tokyo])
    }

    @Test func recoveredRegionRejoinsByMajority() {
        var view = view()
        for observer in [F.singapore, F.tokyo, F.frankfurt] { observe(&view, by: observer, down: [F.seoul]) }
        _ = view.evaluate(now: now)
        let later = now + .seconds(60)
        observe(&view, by: F.singapore, down: [], at: later)
        observe(&view, by: F.seoul, down: [], at: later)
        #expect(view.evaluate(now: later).isEmpty, "1 of the 3 members (seoul does not vote for itself)")
        observe(&view, by: F.tokyo, down: [], at: later)
        #expect(view.evaluate(now: later) == ViewChange(up: [F.seoul]))
        #expect(view.members == [F.seoul, F.singapore, F.tokyo, F.frankfurt])
    }

    @Test func staleObservationsDoNotVote() {
        var view = view()
        let old = now - .seconds(31)
        for observer in [F.singapore, F.tokyo] { observe(&view, by: observer, down: [F.seoul], at: old) }
        observe(&view, by: F.frankfurt, down: [F.seoul])
        #expect(view.evaluate(now: now).isEmpty)
        view.expireObservations(now: now)
        #expect(view.observation(by: F.singapore, of: F.seoul) == nil)
        #expect(view.observation(by: F.frankfurt, of: F.seoul) != nil)
    }

    @Test func olderObservationDoesNotReplaceNewer() {
        var view = view()
        view.record(Observation(observer: F.tokyo, target: F.seoul, status: .down, observedAt: now))
        view.record(Observation(observer: F.tokyo, target: F.seoul, status: .up, observedAt: now - .seconds(5)))
        #expect(view.observation(by: F.tokyo, of: F.seoul)?.status == .down)
    }

    @Test func gossipMayOnlySpeakForItsSender() {
        var view = view()
        let forged = [F.singapore, F.tokyo, F.frankfurt].map {
            Observation(observer: $0, target: F.seoul, status: .down, observedAt: now)
        }
        view.record(ObservationGossip(from: F.tokyo, sentAt: now, observations: forged), now: now)
        #expect(view.observation(by: F.singapore, of: F.seoul) == nil)
        #expect(view.observation(by: F.tokyo, of: F.seoul)?.status == .down)
        #expect(view.evaluate(now: now).isEmpty)
    }

    /// Property: whatever the observations, when the voters split into two sides that each
    /// hold only their own side's observations, at most one side changes the view.
    @Test(arguments: [false, true])
    func atMostOneSideOfAnyPartitionActs(withWitness: Bool) {
        var generator = SplitMix64(seed: withWitness ? 11 : 12)
        let voters = F.deployment(withWitness: withWitness).voterNames
        var decided = 0
        for _ in 0..<2_000 {
            let sideA = voters.filter { _ in Bool.random(using: &generator) }
            let sideB = voters.filter { !sideA.contains($0) }
            var all: [Observation] = []
            for observer in voters {
                for target in voters {
                    let status: Observation.Status = Bool.random(using: &generator) ? .down : .up
                    all.append(Observation(observer: observer, target: target, status: status, observedAt: now))
                }
            }
            var viewA = view(withWitness: withWitness)
            var viewB = view(withWitness: withWitness)
            for observation in all {
                if sideA.contains(observation.observer) { viewA.record(observation) } else { viewB.record(observation) }
            }
            let changeA = viewA.evaluate(now: now)
            let changeB = viewB.evaluate(now: now)
            #expect(changeA.isEmpty || changeB.isEmpty, "sides \(sideA) | \(sideB)")
            #expect(viewA.members.count >= 2 && viewB.members.count >= 2)
            if !changeA.isEmpty || !changeB.isEmpty { decided += 1 }
        }
        #expect(decided > 100, "the generator must produce deciding majorities too")
    }

    @Test func gossipSurvivesTheWireFormat() throws {
        let gossip = ObservationGossip(
            from: F.tokyo, sentAt: now,
            observations: [Observation(observer: F.tokyo, target: F.seoul, status: .down, observedAt: now - .seconds(1))],
            lagByTier: ["critical": .milliseconds(1_250)], lagMeasuredAt: now - .seconds(2)
        )
        let decoded = try JSONDecoder().decode(ObservationGossip.self, from: JSONEncoder().encode(gossip))
        #expect(decoded == gossip)
    }

    @Test func sameObservationsInAnyOrderGiveTheSameView() {
        var observations: [Observation] = []
        let observers: [RegionName] = [F.seoul, F.singapore, F.tokyo, F.frankfurt]
        for (index, observer) in observers.enumerated() {
            for target in observers {
                let down = target == F.seoul && observer != F.seoul || target == F.tokyo && index % 2 == 0
                observations.append(Observation(
                    observer: observer, target: target, status: down ? .down : .up, observedAt: now - .seconds(Int64(index))
                ))
                // A stale contradicting copy that must lose whatever the arrival order.
                observations.append(Observation(observer: observer, target: target, status: down ? .up : .down, observedAt: now - .seconds(20)))
            }
        }
        var generator = SplitMix64(seed: 7)
        var results: Set<[RegionName]> = []
        for _ in 0..<50 {
            var view = view()
            for observation in observations.shuffled(using: &generator) { view.record(observation) }
            _ = view.evaluate(now: now)
            results.insert(view.members)
        }
        #expect(results == [[F.singapore, F.tokyo, F.frankfurt]])
    }
}

