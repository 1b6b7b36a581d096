import Testing
import RegionCore
@testable import RegionSimulation

/// The simulator batches cohorts with `CohortBatcher`; these tests hold it to the core's
/// `TierBatcher` decisions, input for input.
@Suite("Cohort batcher")
struct CohortBatcherTests {
    static let tiers = [
        TierConfig(name: "critical", maxLag: .seconds(5), tables: [], batchWindow: .milliseconds(200)),
        TierConfig(name: "content", maxLag: .seconds(30), tables: [], batchWindow: .seconds(2)),
        TierConfig(name: "logs", maxLag: .seconds(300), tables: [], batchWindow: .seconds(240), maxBatchBytes: 500),
        TierConfig(name: "eager", maxLag: .seconds(5), tables: [], batchWindow: .seconds(1), maxBatchRows: 1),
    ]

    @Test("sends the same batches, at the same times, with the same deadlines, lags and alarms as TierBatcher", arguments: tiers)
    func matchesTierBatcher(tier: TierConfig) {
        let settings = BatcherSettings(maxInFlight: 2, ackTimeout: .seconds(1), backlogLimit: 2)
        var core = TierBatcher(peer: "tokyo", tier: tier, settings: settings)
        var simulated = CohortBatcher(peer: "tokyo", tier: tier, settings: settings)
        var random = SimulationRandom(seed: 2026)
        var now: Int64 = 0
        var sequenceOf: [ObjectIdentifier: Int64] = [:]
        var unanswered: [UInt64] = []
        var sends = 0

        for step in 0..<5_000 {
            now += Int64(random.below(400))
            let time = Timestamp(milliseconds: now)
            let expected: [BatcherAction]
            let actual: [CohortBatcher.Action]
            switch random.below(10) {
            case 0..<4 where simulated.openCohort == nil:
                let cohort = WriteCohort()
                let sequence = Int64(step + 1)
                sequenceOf[ObjectIdentifier(cohort)] = sequence
                let bytes = 100 + random.below(800)
                let row = VersionedRow(
                    table: "cohort", key: RowKey(String(sequence)), version: Version(hlc: HLC(rawValue: UInt64(sequence)), origin: "seoul"),
                    values: nil)
                expected = core.enqueue(OutboundChange(sequence: sequence, row: row, residencyClass: nil, bytes: bytes), capturedAt: time)
                actual = simulated.enqueue(cohort, bytes: bytes, capturedAt: now)
            case 4 where !unanswered.isEmpty:
                let id = unanswered.remove(at: random.below(unanswered.count))
                expected = core.acknowledged(batchID: BatchID(rawValue: id), now: time)
                actual = simulated.acknowledged(batchID: id, now: now)
            case 5 where !unanswered.isEmpty:
                let id = unanswered[random.below(unanswered.count)]
                expected = core.failed(batchID: BatchID(rawValue: id), now: time)
                actual = simulated.failed(batchID: id, now: now)
            case 6 where random.chance(0.1):
                expected = core.flush(now: time)
                actual = simulated.flush(now: now)
            default:
                expected = core.tick(now: time)
                actual = simulated.tick(now: now)
            }
            let expectedSummary = expected.compactMap { Self.summary($0) }
            let actualSummary = actual.map { Self.summary($0, sequenceOf: sequenceOf) }
            #expect(expectedSummary == actualSummary, "step \(step)")
            for case .send(let batch) in actual where !unanswered.contains(batch.id) { unanswered.append(batch.id) }
            sends += actual.count(where: { if case .send = $0 { true } else { false } })
            #expect(core.nextDeadline?.milliseconds == simulated.nextDeadline, "step \(step)")
            #expect(core.lag(now: time).milliseconds == simulated.lag(now: now), "step \(step)")
            #expect(core.backlogRows == simulated.backlogRows, "step \(step)")
        }
        #expect(sends > 100)
    }

    /// An action as comparable text; nil for the cursor, which the simulator does not use.
    private static func summary(_ action: BatcherAction) -> String? {
        switch action {
        case .send(let batch): "send \(batch.id.rawValue) \(batch.changes.map(\.sequence)) attempt \(batch.attempt)"
        case .advanceCursor: nil
        case .backlogAlarm(let alarm): "alarm \(alarm.cause) rows \(alarm.rows) lag \(alarm.lag.milliseconds)"
        case .backlogCleared: "cleared"
        }
    }

    private static func summary(_ action: CohortBatcher.Action, sequenceOf: [ObjectIdentifier: Int64]) -> String {
        switch action {
        case .send(let batch):
            "send \(batch.id) \(sequenceOf[ObjectIdentifier(batch.cohort)].map { [$0] } ?? []) attempt \(batch.attempt)"
        case .backlogAlarm(let cause, let rows, let lag): "alarm \(cause) rows \(rows) lag \(lag)"
        case .backlogCleared: "cleared"
        }
    }
}
