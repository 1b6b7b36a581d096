import Testing
@testable import RegionCore

@Suite struct TierBatcherOutboxTests {
    typealias F = ResidencyFixture

    static func at(_ milliseconds: Int64) -> Timestamp { Timestamp(milliseconds: milliseconds) }

    static func sent(_ actions: [OutboxAction]) -> [OutboundBatch] {
        actions.compactMap { if case .send(let batch) = $0 { batch } else { nil } }
    }

    static func blocked(_ actions: [OutboxAction]) -> [ResidencyDecisionEvent] {
        actions.compactMap { if case .blocked(let event) = $0 { event } else { nil } }
    }

    static func cursorMoves(_ actions: [OutboxAction]) -> [RegionName: Int64] {
        actions.reduce(into: [:]) { moves, action in
            if case .advanceCursor(let peer, let sequence) = action { moves[peer] = sequence }
        }
    }

    func outbox(_ origin: RegionName = F.seoul, cursors: [RegionName: Int64] = [:]) -> ReplicationOutbox {
        ReplicationOutbox(config: F.config, origin: origin, cursors: cursors)
    }

    func insertUser(_ id: String, country: String?, at milliseconds: Int64 = 1) -> RowChange {
        .insert(table: "users", key: RowKey(id), version: F.version(milliseconds), values: F.user(id, country: country))
    }

    @Test func peersAreEveryOtherRegion() {
        #expect(outbox().peers == [F.singapore, F.tokyo, F.frankfurt])
    }

    @Test func allBlockedChangesAdvanceEveryPeersCursorAtOnce() {
        var outbox = outbox()
        let actions = outbox.capture(insertUser("1", country: "KR"), sequence: 1, capturedAt: Self.at(0))
            + outbox.capture(insertUser("2", country: "KR"), sequence: 2, capturedAt: Self.at(0))
        #expect(Self.sent(actions).isEmpty)
        #expect(Self.blocked(actions).count == 6)
        #expect(Self.cursorMoves(actions) == [F.singapore: 2, F.tokyo: 2, F.frankfurt: 2])
        #expect(outbox.backlogRows(peer: F.tokyo) == 0)
    }

    @Test func shippedChangesMoveTheCursorOnlyOnceAcknowledged() throws {
        var outbox = outbox()
        _ = outbox.capture(insertUser("1", country: "SG"), sequence: 1, capturedAt: Self.at(0))
        let batches = Self.sent(outbox.tick(now: Self.at(200)))
        #expect(batches.map(\.peer) == [F.singapore, F.tokyo, F.frankfurt])
        #expect(outbox.cursor(peer: F.tokyo) == 0)
        let toTokyo = try #require(batches.first { $0.peer == F.tokyo })
        let actions = outbox.acknowledged(peer: F.tokyo, tier: "critical", batchID: toTokyo.id, now: Self.at(300))
        #expect(actions.first == .delivered(toTokyo))
        #expect(Self.cursorMoves(actions) == [F.tokyo: 1])
        #expect(outbox.acknowledged(peer: F.tokyo, tier: "critical", batchID: toTokyo.id, now: Self.at(301)).isEmpty)
    }

    @Test func aSlowTierHoldsThePeerCursorUntilItIsDelivered() throws {
        var outbox = outbox()
        _ = outbox.capture(insertUser("1", country: "SG"), sequence: 1, capturedAt: Self.at(0))
        let order = RowChange.insert(table: "orders", key: RowKey("o1"), version: F.version(2), values: ["id": "o1"])
        _ = outbox.capture(order, sequence: 2, capturedAt: Self.at(0))
        let critical = try #require(Self.sent(outbox.tick(now: Self.at(200))).first { $0.peer == F.tokyo })
        #expect(Self.cursorMoves(outbox.acknowledged(peer: F.tokyo, tier: "critical", batchID: critical.id, now: Self.at(250))) == [F.tokyo: 1])
        #expect(outbox.lag(peer: F.tokyo, tier: "content", now: Self.at(250)) == .milliseconds(250))
        let content = try #require(Self.sent(outbox.tick(now: Self.at(30_000))).first { $0.peer == F.tokyo })
        #expect(content.tier == "content")
        #expect(Self.cursorMoves(outbox.acknowledged(peer: F.tokyo, tier: "content", batchID: content.id, now: Self.at(30_100))) == [F.tokyo: 2])
    }

    @Test func unreplicatedTablesOnlyMoveCursors() {
        var outbox = outbox(cursors: [F.tokyo: 5])
        let actions = outbox.capture(
            .insert(table: "scratch", key: RowKey("1"), version: F.version(1), values: ["id": "1"]), sequence: 7, capturedAt: Self.at(0))
        #expect(Self.cursorMoves(actions) == [F.singapore: 7, F.tokyo: 7, F.frankfurt: 7])
        #expect(Self.blocked(actions).isEmpty)
    }

    @Test func aKoreanRowWrittenInSingaporeIsReportedAsOriginViolation() {
        var outbox = outbox(F.singapore)
        let actions = outbox.capture(insertUser("1", country: "KR"), sequence: 1, capturedAt: Self.at(0))
        #expect(actions.contains(.originViolation(OriginViolation(table: "users", key: RowKey("1"), className: "kr-personal", region: F.singapore))))
    }

    @Test func deliveredBatchesYieldTransferFacts() throws {
        var outbox = outbox(F.singapore)
        let change = RowChange.update(
            table: "users", key: RowKey("1"), version: F.version(2), old: F.user("1", country: "SG"), new: F.user("1", country: "KR"))
        _ = outbox.capture(change, sequence: 1, capturedAt: Self.at(0))
        let batches = Self.sent(outbox.tick(now: Self.at(200)))
        let toTokyo = try #require(batches.first { $0.peer == F.tokyo })
        let toSeoul = try #require(batches.first { $0.peer == F.seoul })
        #expect(toTokyo.transferEvents(from: F.singapore).map(\.payload) == [.tombstone])
        #expect(toSeoul.transferEvents(from: F.singapore).map(\.payload) == [.row])
        #expect(toSeoul.transferEvents(from: F.singapore).first?.className == "kr-personal")
    }

    @Test func theReceiverScreensOutRowsItMayNotHold() {
        let changes = [
            OutboundChange(sequence: 1, row: VersionedRow(table: "users", key: RowKey("1"), version: F.version(1), values: F.user("1", country: "KR")), residencyClass: "kr-personal"),
            OutboundChange(sequence: 2, row: VersionedRow(table: "users", key: RowKey("2"), version: F.version(1), values: F.user("2", country: "JP")), residencyClass: "global"),
            OutboundChange(sequence: 3, row: .tombstone(table: "users", key: RowKey("3"), version: F.version(1)), residencyClass: "kr-personal"),
        ]
        let screened = F.policy.screen(changes, at: F.tokyo, from: F.seoul)
        #expect(screened.admitted.map(\.key) == [RowKey("2"), RowKey("3")])
        #expect(screened.rejected.map(\.key) == [RowKey("1")])
        #expect(screened.rejected.first?.kind == .rejected)
    }

    @Test func aLosingCopyOfAnotherClassTriggersARepairThatDeletesItWhereTheWinnerMayNotBe() throws {
        let loser = VersionedRow(table: "users", key: RowKey("1"), version: F.version(1, F.singapore), values: F.user("1", country: "SG"))
        let winner = VersionedRow(table: "users", key: RowKey("1"), version: F.version(2, F.seoul), values: F.user("1", country: "KR"))
        let repair = try #require(F.policy.repairChange(incoming: loser, lostTo: winner))
        let plan = F.policy.route(change: repair, origin: F.seoul, peers: F.allRegions)
        #expect(plan.decision(for: F.tokyo)?.action == .tombstone(winner.asTombstone))
        #expect(plan.decision(for: F.singapore)?.action == .tombstone(winner.asTombstone))
    }

    @Test func aLosingCopyAgainstADeleteTriggersTombstonesWhereTheCopyCouldBe() throws {
        let loser = VersionedRow(table: "users", key: RowKey("1"), version: F.version(1, F.singapore), values: F.user("1", country: "SG"))
        let winner = VersionedRow.tombstone(table: "users", key: RowKey("1"), version: F.version(2, F.seoul))
        let repair = try #require(F.policy.repairChange(incoming: loser, lostTo: winner))
        #expect(repair.operation == .delete)
        let plan = F.policy.route(change: repair, origin: F.seoul, peers: F.allRegions)
        #expect(plan.decision(for: F.tokyo)?.action == .tombstone(winner))
    }

    @Test func noRepairWhenTheClassesAgreeOrTheIncomingCopyWins() {
        let older = VersionedRow(table: "users", key: RowKey("1"), version: F.version(1), values: F.user("1", country: "SG"))
        let newer = VersionedRow(table: "users", key: RowKey("1"), version: F.version(2), values: F.user("1", country: "JP"))
        #expect(F.policy.repairChange(incoming: older, lostTo: newer) == nil)
        #expect(F.policy.repairChange(incoming: newer, lostTo: older) == nil)
        #expect(F.policy.repairChange(incoming: older.asTombstone, lostTo: newer) == nil)
    }
}
