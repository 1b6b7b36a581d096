import Testing
@testable import RegionCore

@Suite struct VersionsTests {
    let origin: RegionName = "seoul"

    @Test func clockFollowsPhysicalTimeWhenItMovesForward() {
        var clock = HybridClock()
        #expect(clock.now(physical: Timestamp(milliseconds: 1_000)) == HLC(physicalMilliseconds: 1_000))
        #expect(clock.now(physical: Timestamp(milliseconds: 1_005)) == HLC(physicalMilliseconds: 1_005))
    }

    @Test func clockStaysMonotonicWhenPhysicalTimeStandsStillOrGoesBack() {
        var clock = HybridClock()
        let first = clock.now(physical: Timestamp(milliseconds: 1_000))
        let second = clock.now(physical: Timestamp(milliseconds: 1_000))
        let third = clock.now(physical: Timestamp(milliseconds: 900))
        #expect(second == HLC(physicalMilliseconds: 1_000, logical: 1))
        #expect(third == HLC(physicalMilliseconds: 1_000, logical: 2))
        #expect(first < second && second < third)
    }

    @Test func clockResumesAfterRestartFromPersistedValue() {
        var clock = HybridClock(last: HLC(physicalMilliseconds: 5_000, logical: 7))
        #expect(clock.now(physical: Timestamp(milliseconds: 4_000)) == HLC(physicalMilliseconds: 5_000, logical: 8))
    }

    @Test func logicalCounterOverflowAdvancesThePhysicalMillisecond() {
        var clock = HybridClock(last: HLC(physicalMilliseconds: 1_000, logical: UInt16.max - 1))
        let atLimit = clock.now(physical: Timestamp(milliseconds: 1_000))
        let overflowed = clock.now(physical: Timestamp(milliseconds: 1_000))
        #expect(atLimit == HLC(physicalMilliseconds: 1_000, logical: UInt16.max))
        #expect(overflowed == HLC(physicalMilliseconds: 1_001, logical: 0))
        #expect(atLimit < overflowed)
    }

    @Test func a65537EventBurstInOneMillisecondStaysStrictlyIncreasing() {
        var clock = HybridClock()
        var previous = HLC.zero
        var nonIncreasing = 0
        for _ in 0...Int(UInt16.max) + 1 {
            let next = clock.now(physical: Timestamp(milliseconds: 1_000))
            if next <= previous { nonIncreasing += 1 }
            previous = next
        }
        #expect(nonIncreasing == 0)
        #expect(previous == HLC(physicalMilliseconds: 1_001, logical: 0))
    }

    @Test func successorSaturatesAtTheLargestValue() {
        #expect(HLC.largest.successor == HLC.largest)
    }

    @Test func observingARemoteHLCWithinTheBoundOrdersLaterLocalEventsAfterIt() {
        var clock = HybridClock(maxSkew: .milliseconds(500))
        let remote = HLC(physicalMilliseconds: 1_400, logical: 3)
        let observation = clock.observe(remote: remote, physical: Timestamp(milliseconds: 1_000))
        #expect(!observation.isSkewed)
        #expect(observation.clock == remote)
        #expect(clock.now(physical: Timestamp(milliseconds: 1_001)) == HLC(physicalMilliseconds: 1_400, logical: 4))
        #expect(clock.skewedObservations == 0)
    }

    @Test func observingAnOlderRemoteHLCLeavesTheClockAlone() {
        var clock = HybridClock(last: HLC(physicalMilliseconds: 2_000))
        let observation = clock.observe(remote: HLC(physicalMilliseconds: 1_000), physical: Timestamp(milliseconds: 2_000))
        #expect(observation.clock == HLC(physicalMilliseconds: 2_000))
        #expect(!observation.isSkewed)
    }

    @Test func aRemoteHLCTooFarAheadIsFlaggedCountedAndNotAdopted() throws {
        var clock = HybridClock(maxSkew: .milliseconds(500))
        let local = Timestamp(milliseconds: 10_000)
        let remote = HLC(physicalMilliseconds: 12_000, logical: 9)
        let observation = clock.observe(remote: remote, physical: local)
        let skew = try #require(observation.skew)
        #expect(skew.ahead == .milliseconds(2_000))
        #expect(skew.limit == .milliseconds(500))
        #expect(skew.remote == remote)
        #expect(clock.skewedObservations == 1)
        #expect(observation.clock < remote)
        #expect(observation.clock.physicalMilliseconds == 10_500)
        #expect(clock.now(physical: local).physicalMilliseconds <= 10_501)

        _ = clock.observe(remote: remote, physical: local)
        #expect(clock.skewedObservations == 2)
    }

    @Test func exactlyMaxSkewAheadIsStillAccepted() {
        var clock = HybridClock(maxSkew: .milliseconds(500))
        let remote = HLC(physicalMilliseconds: 10_500, logical: 3)
        let observation = clock.observe(remote: remote, physical: Timestamp(milliseconds: 10_000))
        #expect(!observation.isSkewed)
        #expect(observation.clock == remote)
    }

    @Test func firstWriteOfARowTakesTheClockValue() {
        let now = HLC(physicalMilliseconds: 1_000)
        #expect(Version.next(previous: nil, now: now, origin: origin) == Version(hlc: now, origin: origin))
    }

    @Test func aWriteAfterSeeingAFutureRemoteVersionWinsDespiteALaggingClock() {
        // Tokyo's clock runs 2 s ahead; seoul sees tokyo's version, then writes the row.
        let remote = Version(hlc: HLC(physicalMilliseconds: 12_000, logical: 5), origin: "tokyo")
        var seoulClock = HybridClock(maxSkew: .milliseconds(500))
        _ = seoulClock.observe(remote: remote.hlc, physical: Timestamp(milliseconds: 10_000))
        let local = Version.next(previous: remote, now: seoulClock.now(physical: Timestamp(milliseconds: 10_001)), origin: origin)
        #expect(local > remote)
        #expect(local.hlc == remote.hlc.successor)
    }

    @Test func aWriteAfterSeeingAnEqualHLCFromAGreaterOriginStillWins() {
        let remote = Version(hlc: HLC(physicalMilliseconds: 1_000), origin: "zurich")
        let local = Version.next(previous: remote, now: HLC(physicalMilliseconds: 1_000), origin: "amsterdam")
        #expect(local > remote)
    }

    @Test func versionsOrderByHLCThenOrigin() {
        let early = Version(hlc: HLC(physicalMilliseconds: 1), origin: "tokyo")
        let lateSeoul = Version(hlc: HLC(physicalMilliseconds: 2), origin: "seoul")
        let lateTokyo = Version(hlc: HLC(physicalMilliseconds: 2), origin: "tokyo")
        #expect(early < lateSeoul)
        #expect(lateSeoul < lateTokyo)
    }

    @Test func hlcPacksPhysicalMillisecondsAboveSixteenLogicalBits() {
        let hlc = HLC(physicalMilliseconds: 1_700_000_000_000, logical: 42)
        #expect(hlc.rawValue == (1_700_000_000_000 << 16) | 42)
        #expect(Int64(bitPattern: hlc.rawValue) > 0)
    }

    @Test func randomClockUseStaysMonotonicAndWithinTheSkewBound() {
        for seed in UInt64(0)..<200 {
            var random = SplitMix64(seed: seed)
            var clock = HybridClock(maxSkew: .milliseconds(500))
            var physical: Int64 = 1_000_000
            var latestPhysical = physical
            var previous = HLC.zero
            var problems = 0
            for _ in 0..<200 {
                physical += Int64.random(in: -50...100, using: &random)
                latestPhysical = Swift.max(latestPhysical, physical)
                if Bool.random(using: &random) {
                    let issued = clock.now(physical: Timestamp(milliseconds: physical))
                    if issued <= previous { problems += 1 }
                    previous = issued
                } else {
                    let remote = HLC(physicalMilliseconds: physical + Int64.random(in: -3_000...3_000, using: &random))
                    let observation = clock.observe(remote: remote, physical: Timestamp(milliseconds: physical))
                    if observation.isSkewed == (remote.physicalMilliseconds - physical <= 500) { problems += 1 }
                }
                if clock.last.physicalMilliseconds > latestPhysical + 500 + 1 { problems += 1 }
            }
            #expect(problems == 0, "seed \(seed)")
        }
    }
}
