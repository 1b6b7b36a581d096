import RegionCore
import Testing

@Suite struct AuditChainTests {
    static func log(_ count: Int) -> [AuditRecord] {
        var chain = AuditChain()
        return (0..<count).map { index in
            chain.append(
                AuditEvent(kind: index % 3 == 0 ? .blocked : .transfer, table: "orders", residencyClass: "global",
                           from: "seoul", to: "tokyo", rowKeys: ["\(index)"], bytes: 100 + index),
                at: Timestamp(milliseconds: 1_000 * Int64(index)))
        }
    }

    static func verify(_ records: [AuditRecord]) -> AuditChainBreak? {
        var verifier = AuditChainVerifier()
        do {
            try verifier.accept(contentsOf: records)
            return nil
        } catch {
            return error
        }
    }

    static func edited(_ record: AuditRecord, rows: Int) -> AuditRecord {
        var event = record.event
        event.rows = rows
        return AuditRecord(seq: record.seq, time: record.time, event: event, prev: record.prev, hash: record.hash)
    }

    @Test func appendLinksRecordsFromGenesis() {
        let records = Self.log(3)
        #expect(records.map(\.seq) == [1, 2, 3])
        #expect(records[0].prev == .genesis)
        #expect(records[1].prev == records[0].hash)
        #expect(records[2].prev == records[1].hash)
        #expect(Self.verify(records) == nil)
    }

    @Test func resumedChainContinuesExactly() {
        let records = Self.log(4)
        var resumed = AuditChain(resumingAfter: records[2])
        let event = records[3].event
        #expect(resumed.append(event, at: records[3].time) == records[3])
    }

    @Test func editedRecordIsNamed() {
        var records = Self.log(6)
        records[3] = Self.edited(records[3], rows: 999)
        let failure = Self.verify(records)
        #expect(failure?.seq == 4)
        #expect(failure?.position == 3)
        guard case .edited = failure?.reason else { Issue.record("expected edited, got \(String(describing: failure))"); return }
    }

    @Test func deletedRecordIsNamed() {
        var records = Self.log(6)
        records.remove(at: 2)
        let failure = Self.verify(records)
        #expect(failure?.seq == 4)
        #expect(failure?.reason == .missing(expected: 3))
    }

    @Test func truncatedMiddleIsNamed() {
        let records = Self.log(10)
        let failure = Self.verify(Array(records[..<4] + records[7...]))
        #expect(failure?.seq == 8)
        #expect(failure?.reason == .missing(expected: 5))
        #expect(failure?.description.contains("records 5–7 are missing") == true)
    }

    @Test func reorderedRecordsAreNamed() {
        var records = Self.log(6)
        records.swapAt(2, 3)
        let failure = Self.verify(records)
        #expect(failure?.seq == 4)
        #expect(failure?.reason == .reordered(expected: 3))
    }

    @Test func duplicatedRecordIsNamed() {
        var records = Self.log(5)
        records.insert(records[1], at: 2)
        #expect(Self.verify(records)?.reason == .outOfOrder(expected: 3))
    }

    @Test func rehashedReplacementIsCaughtAtTheNextLink() {
        let records = Self.log(5)
        var forger = AuditChain(resumingAfter: records[1])
        var forged = records
        forged[2] = forger.append(AuditEvent(kind: .transfer, table: "orders", rows: 0), at: records[2].time)
        let failure = Self.verify(forged)
        #expect(failure?.seq == 4)
        #expect(failure?.reason == .unlinked(expectedPrev: forged[2].hash))
    }

    @Test func missingFirstRecordIsNamed() {
        let records = Self.log(3)
        #expect(Self.verify(Array(records.dropFirst()))?.reason == .missing(expected: 1))
    }

    @Test func verifierCanStartAtAnAnchor() throws {
        let records = Self.log(5)
        var verifier = AuditChainVerifier(continuingAfterSeq: records[1].seq, hash: records[1].hash)
        try verifier.accept(contentsOf: Array(records[2...]))
        #expect(verifier.verifiedCount == 3)
        #expect(verifier.lastHash == records[4].hash)
    }
}

@Suite struct AuditChainExhaustiveTamperingTests {
    static let records = AuditChainTests.log(20)

    @Test(arguments: 0..<20)
    func editingAnyRecordNamesIt(position: Int) {
        var records = Self.records
        records[position] = AuditChainTests.edited(records[position], rows: 1_000)
        let failure = AuditChainTests.verify(records)
        #expect(failure?.seq == UInt64(position + 1))
        #expect(failure?.position == position)
    }

    @Test(arguments: 0..<19)
    func deletingAnyRecordNamesTheGap(position: Int) {
        var records = Self.records
        records.remove(at: position)
        let failure = AuditChainTests.verify(records)
        #expect(failure?.seq == UInt64(position + 2))
        #expect(failure?.reason == .missing(expected: UInt64(position + 1)))
    }

    @Test(arguments: 0..<19)
    func swappingAnyNeighboursNamesTheFirstOfThem(position: Int) {
        var records = Self.records
        records.swapAt(position, position + 1)
        let failure = AuditChainTests.verify(records)
        #expect(failure?.position == position)
        #expect(failure?.reason == .reordered(expected: UInt64(position + 1)))
    }

    @Test func deletingTheLastRecordIsInvisibleWithoutAnAnchor() {
        // Documented limit: the chain alone cannot show records cut from its end; auditors
        // compare the last hash with an earlier verification.
        #expect(AuditChainTests.verify(Array(Self.records.dropLast())) == nil)
    }
}
