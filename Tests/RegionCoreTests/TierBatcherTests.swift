import Testing
@testable import RegionCore

@Suite struct TierBatcherTests {
    typealias F = ResidencyFixture

    static func change(_ sequence: Int64, key: String? = nil, bytes: Int = 100, at milliseconds: Int64 = 0) -> OutboundChange {
        let row = VersionedRow(
            table: "orders", key: RowKey(key ?? "k\(sequence)"), version: F.version(1_000 + sequence),
            values: ["id": key ?? "k\(sequence)", "n": String(sequence)])
        return OutboundChange(sequence: sequence, row: row, residencyClass: "global", bytes: bytes)
    }

    static func at(_ milliseconds: Int64) -> Timestamp { Timestamp(milliseconds: milliseconds) }

    static func sent(_ actions: [BatcherAction]) -> [OutboundBatch] {
        actions.compactMap { if case .send(let batch) = $0 { batch } else { nil } }
    }

    static func cursorMoves(_ actions: [BatcherAction]) -> [Int64] {
        actions.compactMap { if case .advanceCursor(let sequence) = $0 { sequence } else { nil } }
    }

    func batcher(_ tier: TierConfig = F.critical, settings: BatcherSettings = .init(), cursor: Int64 = 0) -> TierBatcher {
        TierBatcher(peer: F.tokyo, tier: tier, settings: settings, cursor: cursor)
    }

    // MARK: Cut rules per tier

    @Test func criticalChangesWaitOnlyTheCoalescingWindow() {
        var batcher = batcher()
        #expect(batcher.enqueue(Self.change(1), capturedAt: Self.at(0)).isEmpty)
        #expect(batcher.enqueue(Self.change(2), capturedAt: Self.at(50)).isEmpty)
        #expect(Self.sent(batcher.tick(now: Self.at(199))).isEmpty)
        let batches = Self.sent(batcher.tick(now: Self.at(200)))
        #expect(batches.count == 1)
        #expect(batches.first?.changes.map(\.sequence) == [1, 2])
        #expect(batches.first?.sequences == 1...2)
        #expect(batches.first?.tier == "critical")
        #expect(batches.first?.peer == F.tokyo)
        #expect(batches.first?.compress == false)
    }

    @Test func contentChangesAreSentWithinTheThirtySecondWindow() {
        var batcher = batcher(F.content)
        _ = batcher.enqueue(Self.change(1), capturedAt: Self.at(0))
        _ = batcher.enqueue(Self.change(2), capturedAt: Self.at(10_000))
        #expect(Self.sent(batcher.tick(now: Self.at(29_999))).isEmpty)
        #expect(Self.sent(batcher.tick(now: Self.at(30_000))).first?.changes.count == 2)
    }

    @Test func logsGoInFiveMinuteCompressedBatches() {
        var batcher = batcher(F.logs)
        for minute in Int64(0)..<5 {
            _ = batcher.enqueue(Self.change(minute + 1), capturedAt: Self.at(minute * 59_000))
            #expect(Self.sent(batcher.tick(now: Self.at(minute * 59_000))).isEmpty)
        }
        let batches = Self.sent(batcher.tick(now: Self.at(300_000)))
        #expect(batches.count == 1)
        #expect(batches.first?.changes.count == 5)
        #expect(batches.first?.compress == true)
    }

    @Test func aWindowLongerThanTheLagObjectiveIsCappedByIt() {
        let sloppy = TierConfig(name: "content", maxLag: .seconds(30), tables: ["orders"], batchWindow: .seconds(120))
        var batcher = batcher(sloppy)
        _ = batcher.enqueue(Self.change(1), capturedAt: Self.at(0))
        #expect(Self.sent(batcher.tick(now: Self.at(30_000))).count == 1)
    }

    @Test func newerChangesToAQueuedRowReplaceIt() {
        var batcher = batcher()
        _ = batcher.enqueue(Self.change(1, key: "a"), capturedAt: Self.at(0))
        _ = batcher.enqueue(Self.change(2, key: "b"), capturedAt: Self.at(10))
        _ = batcher.enqueue(Self.change(3, key: "a"), capturedAt: Self.at(20))
        let batch = Self.sent(batcher.tick(now: Self.at(200))).first
        #expect(batch?.changes.count == 2)
        #expect(batch?.changes.first?.row.version == F.version(1_003))
        #expect(batch?.sequences == 1...3)
    }

    @Test func flushCutsBeforeTheWindow() {
        var batcher = batcher(F.logs)
        _ = batcher.enqueue(Self.change(1), capturedAt: Self.at(0))
        #expect(Self.sent(batcher.flush(now: Self.at(1))).count == 1)
    }

    // MARK: Size limits and backpressure

    @Test func aFullBatchIsCutWithoutWaiting() {
        let small = TierConfig(name: "content", maxLag: .seconds(30), tables: ["orders"], batchWindow: .seconds(30), maxBatchRows: 3)
        var batcher = batcher(small)
        var actions: [BatcherAction] = []
        for sequence in Int64(1)...7 { actions += batcher.enqueue(Self.change(sequence), capturedAt: Self.at(sequence)) }
        #expect(Self.sent(actions).map { $0.changes.map(\.sequence) } == [[1, 2, 3], [4, 5, 6]])
        #expect(Self.sent(batcher.tick(now: Self.at(30_007))).map { $0.changes.map(\.sequence) } == [[7]])
    }

    @Test func batchesStayUnderTheByteLimit() {
        let tier = TierConfig(name: "content", maxLag: .seconds(30), tables: ["orders"], batchWindow: .seconds(30), maxBatchBytes: 1_000)
        var batcher = batcher(tier)
        var actions: [BatcherAction] = []
        for sequence in Int64(1)...5 { actions += batcher.enqueue(Self.change(sequence, bytes: 400), capturedAt: Self.at(0)) }
        let batches = Self.sent(actions)
        #expect(batches.map(\.bytes) == [800, 800])
        #expect(batches.allSatisfy { $0.bytes <= 1_000 })
    }

    @Test func anOversizedChangeTravelsAlone() {
        let tier = TierConfig(name: "content", maxLag: .seconds(30), tables: ["orders"], batchWindow: .seconds(30), maxBatchBytes: 1_000)
        var batcher = batcher(tier)
        _ = batcher.enqueue(Self.change(1, bytes: 10), capturedAt: Self.at(0))
        let batches = Self.sent(batcher.enqueue(Self.change(2, bytes: 5_000), capturedAt: Self.at(0)))
        #expect(batches.map { $0.changes.map(\.sequence) } == [[1], [2]])
    }

    @Test func atMostMaxInFlightBatchesAreUnacknowledged() {
        let tier = TierConfig(name: "critical", maxLag: .seconds(5), tables: ["users"], batchWindow: .milliseconds(200), maxBatchRows: 1)
        var batcher = batcher(tier, settings: BatcherSettings(maxInFlight: 2))
        var actions: [BatcherAction] = []
        for sequence in Int64(1)...5 { actions += batcher.enqueue(Self.change(sequence), capturedAt: Self.at(0)) }
        let first = Self.sent(actions)
        #expect(first.count == 2)
        #expect(batcher.inFlightBatches == 2)
        #expect(Self.sent(batcher.tick(now: Self.at(1_000))).isEmpty)
        let next = Self.sent(batcher.acknowledged(batchID: first[0].id, now: Self.at(1_000)))
        #expect(next.map { $0.changes.map(\.sequence) } == [[3]])
        #expect(batcher.backlogRows == 4)
    }

    // MARK: Cursor

    @Test func acknowledgementsAdvanceTheCursorPastDeliveredChanges() {
        var batcher = batcher()
        _ = batcher.enqueue(Self.change(1), capturedAt: Self.at(0))
        _ = batcher.enqueue(Self.change(2), capturedAt: Self.at(0))
        let batch = Self.sent(batcher.tick(now: Self.at(200)))[0]
        #expect(Self.cursorMoves(batcher.acknowledged(batchID: batch.id, now: Self.at(300))) == [2])
        #expect(batcher.cursor == 2)
    }

    @Test func outOfOrderAcknowledgementsNeverMoveTheCursorPastAnUnackedBatch() {
        let tier = TierConfig(name: "critical", maxLag: .seconds(5), tables: ["users"], batchWindow: .milliseconds(200), maxBatchRows: 1)
        var batcher = batcher(tier)
        var actions: [BatcherAction] = []
        for sequence in Int64(1)...3 { actions += batcher.enqueue(Self.change(sequence), capturedAt: Self.at(0)) }
        let batches = Self.sent(actions)
        #expect(Self.cursorMoves(batcher.acknowledged(batchID: batches[2].id, now: Self.at(10))).isEmpty)
        #expect(Self.cursorMoves(batcher.acknowledged(batchID: batches[1].id, now: Self.at(10))).isEmpty)
        #expect(Self.cursorMoves(batcher.acknowledged(batchID: batches[0].id, now: Self.at(10))) == [3])
    }

    @Test func aPeerWhoseChangesAreAllBlockedStillAdvances() {
        var batcher = batcher()
        #expect(Self.cursorMoves(batcher.skipped(upTo: 100)) == [100])
        #expect(Self.cursorMoves(batcher.skipped(upTo: 250)) == [250])
        #expect(batcher.cursor == 250)
        #expect(batcher.lag(now: Self.at(1_000_000)) == .zero)
    }

    @Test func skippedChangesBehindAQueuedOneWaitForItsAcknowledgement() {
        var batcher = batcher()
        _ = batcher.enqueue(Self.change(3), capturedAt: Self.at(0))
        #expect(batcher.cursor == 2, "sequences 1-2 were not offered, so they need no delivery")
        #expect(Self.cursorMoves(batcher.skipped(upTo: 9)).isEmpty)
        let batch = Self.sent(batcher.tick(now: Self.at(200)))[0]
        #expect(Self.cursorMoves(batcher.acknowledged(batchID: batch.id, now: Self.at(250))) == [9])
    }

    @Test func blockedKoreanRowsStillMoveTokyosCursor() {
        let policy = F.policy
        var batcher = batcher()
        var moves: [Int64] = []
        for sequence in Int64(1)...10 {
            let change = RowChange.insert(
                table: "users", key: RowKey("\(sequence)"), version: F.version(sequence), values: F.user("\(sequence)", country: "KR"))
            let decision = policy.route(change: change, origin: F.seoul, peers: [F.tokyo]).decision(for: F.tokyo)
            if let row = decision?.action.outboundRow {
                moves += Self.cursorMoves(batcher.enqueue(OutboundChange(sequence: sequence, row: row, residencyClass: "kr-personal"), capturedAt: Self.at(0)))
            } else {
                moves += Self.cursorMoves(batcher.skipped(upTo: sequence))
            }
        }
        #expect(moves == Array(1...10))
        #expect(batcher.backlogRows == 0)
    }

    // MARK: Retries and idempotence

    @Test func aFailedBatchIsResentUnchangedAfterABackoffThatDoubles() throws {
        var batcher = batcher(settings: BatcherSettings(initialRetryDelay: .milliseconds(500), maxRetryDelay: .seconds(2)))
        _ = batcher.enqueue(Self.change(1), capturedAt: Self.at(0))
        let original = try #require(Self.sent(batcher.tick(now: Self.at(200))).first)
        batcher.failed(batchID: original.id, now: Self.at(300))
        #expect(Self.sent(batcher.tick(now: Self.at(799))).isEmpty)
        let retry = try #require(Self.sent(batcher.tick(now: Self.at(800))).first)
        #expect(retry.id == original.id && retry.changes == original.changes && retry.attempt == 2)

        batcher.failed(batchID: original.id, now: Self.at(900))
        #expect(Self.sent(batcher.tick(now: Self.at(1_899))).isEmpty)
        #expect(Self.sent(batcher.tick(now: Self.at(1_900))).first?.attempt == 3)

        #expect(Self.cursorMoves(batcher.acknowledged(batchID: original.id, now: Self.at(2_000))) == [1])
        #expect(batcher.acknowledged(batchID: original.id, now: Self.at(2_001)).isEmpty)
    }

    @Test func retryDelaysAreCapped() {
        let settings = BatcherSettings(initialRetryDelay: .milliseconds(500), maxRetryDelay: .seconds(30))
        #expect(settings.retryDelay(afterFailures: 1) == .milliseconds(500))
        #expect(settings.retryDelay(afterFailures: 3) == .seconds(2))
        #expect(settings.retryDelay(afterFailures: 10) == .seconds(30))
        #expect(settings.retryDelay(afterFailures: 1_000) == .seconds(30))
    }

    @Test func anUnansweredBatchTimesOutAndIsResent() {
        var batcher = batcher(F.content, settings: BatcherSettings(initialRetryDelay: .milliseconds(500), ackTimeout: .seconds(10)))
        _ = batcher.enqueue(Self.change(1), capturedAt: Self.at(0))
        let original = Self.sent(batcher.flush(now: Self.at(200)))
        #expect(!original.isEmpty)
        #expect(Self.sent(batcher.tick(now: Self.at(10_199))).isEmpty)
        #expect(Self.sent(batcher.tick(now: Self.at(10_200))).isEmpty, "timed out, now backing off")
        let resent = Self.sent(batcher.tick(now: Self.at(10_700)))
        #expect(resent.map(\.id) == original.map(\.id))
    }

    @Test func aLostCriticalBatchIsResentWithinTheLagObjective() {
        var batcher = batcher(settings: BatcherSettings(initialRetryDelay: .milliseconds(500), ackTimeout: .seconds(30)))
        #expect(batcher.ackTimeout == .milliseconds(2_500), "half of the critical tier's 5 s objective")
        _ = batcher.enqueue(Self.change(1), capturedAt: Self.at(0))
        let original = Self.sent(batcher.tick(now: Self.at(200)))
        #expect(Self.sent(batcher.tick(now: Self.at(2_700))).isEmpty, "timed out, now backing off")
        let resent = Self.sent(batcher.tick(now: Self.at(3_200)))
        #expect(resent.map(\.id) == original.map(\.id))
        #expect(Self.at(3_200) - Self.at(0) < F.critical.maxLag)
    }

    @Test func redeliveredOrAlreadyAcknowledgedChangesAreIgnored() {
        var batcher = batcher(cursor: 10)
        #expect(batcher.enqueue(Self.change(5), capturedAt: Self.at(0)).isEmpty)
        _ = batcher.enqueue(Self.change(11), capturedAt: Self.at(0))
        #expect(batcher.enqueue(Self.change(11), capturedAt: Self.at(0)).isEmpty)
        #expect(batcher.backlogRows == 1)
    }

    @Test func failuresOfUnknownBatchesAreHarmless() {
        var batcher = batcher()
        #expect(batcher.failed(batchID: BatchID(rawValue: 99), now: Self.at(0)).isEmpty)
        #expect(batcher.acknowledged(batchID: BatchID(rawValue: 99), now: Self.at(0)).isEmpty)
    }

    // MARK: Lag and alarms

    @Test func lagIsTheAgeOfTheOldestUnacknowledgedChange() {
        var batcher = batcher()
        _ = batcher.enqueue(Self.change(1), capturedAt: Self.at(1_000))
        _ = batcher.enqueue(Self.change(2), capturedAt: Self.at(1_100))
        #expect(batcher.lag(now: Self.at(1_150)) == .milliseconds(150))
        let batch = Self.sent(batcher.tick(now: Self.at(1_200)))[0]
        #expect(batcher.lag(now: Self.at(1_300)) == .milliseconds(300))
        _ = batcher.acknowledged(batchID: batch.id, now: Self.at(1_400))
        #expect(batcher.lag(now: Self.at(1_400)) == .zero)
        #expect(batcher.oldestUnacknowledgedCapture == nil)
    }

    @Test func aGrowingBacklogRaisesTheAlarmOnceAndClearsIt() {
        var batcher = batcher(F.content, settings: BatcherSettings(backlogLimit: 2))
        var actions: [BatcherAction] = []
        for sequence in Int64(1)...4 { actions += batcher.enqueue(Self.change(sequence), capturedAt: Self.at(0)) }
        let alarms = actions.filter { if case .backlogAlarm = $0 { true } else { false } }
        #expect(alarms.count == 1)
        if case .backlogAlarm(let alarm)? = alarms.first {
            #expect(alarm.cause == .rowLimit(2) && alarm.rows == 3 && alarm.peer == F.tokyo)
        }
        let batch = Self.sent(batcher.tick(now: Self.at(30_000)))[0]
        #expect(batcher.acknowledged(batchID: batch.id, now: Self.at(30_100)).contains(.backlogCleared(peer: F.tokyo, tier: "content")))
    }

    @Test func anUnreachablePeerRaisesTheLagAlarm() {
        var batcher = batcher()
        _ = batcher.enqueue(Self.change(1), capturedAt: Self.at(0))
        let batch = Self.sent(batcher.tick(now: Self.at(200)))[0]
        batcher.failed(batchID: batch.id, now: Self.at(300))
        let actions = (1...10).flatMap { batcher.tick(now: Self.at(Int64($0) * 1_000)) }
        let alarm = actions.compactMap { if case .backlogAlarm(let alarm) = $0 { alarm } else { nil } }
        #expect(alarm.count == 1)
        #expect(alarm.first?.cause == .lagObjective(.seconds(5)))
    }

    @Test func nextDeadlineTellsTheShellWhenToTick() {
        var batcher = batcher()
        #expect(batcher.nextDeadline == nil)
        _ = batcher.enqueue(Self.change(1), capturedAt: Self.at(1_000))
        #expect(batcher.nextDeadline == Self.at(1_200))
        _ = batcher.tick(now: Self.at(1_200))
        #expect(batcher.nextDeadline == Self.at(1_200) + batcher.ackTimeout)
    }
}
