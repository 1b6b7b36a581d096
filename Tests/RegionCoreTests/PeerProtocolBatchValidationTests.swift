import RegionCore
import Testing

struct PeerProtocolBatchValidationTests {
    typealias F = PeerProtocolFixture
    let validator = BatchValidator(local: F.tokyo, peers: [F.seoul, F.singapore], tablesByTier: [
        "critical": ["users", "orders"], "content": ["user_content"], "logs": ["app_logs"],
    ])

    func problem(_ request: ReplicateRequest, sender: RegionName = F.seoul) -> BatchValidationError? {
        do {
            try validator.validate(request, sender: sender)
            return nil
        } catch {
            return error
        }
    }

    @Test func wellFormedBatchPasses() {
        #expect(problem(F.request()) == nil)
        #expect(problem(F.request(changes: [], sequences: 7...9)) == nil, "a batch may cover only coalesced-away changes")
    }

    @Test func batchForAnotherRegionIsRefused() {
        #expect(problem(F.request(destination: F.singapore)) == .wrongDestination(destination: F.singapore, local: F.tokyo))
    }

    @Test func originMustBeTheSigningPeer() {
        #expect(problem(F.request(origin: F.singapore)) == .originMismatch(origin: F.singapore, sender: F.seoul))
        #expect(problem(F.request(origin: "mars"), sender: "mars") == .unknownOrigin("mars"))
        #expect(problem(F.request(origin: F.tokyo), sender: F.tokyo) == .unknownOrigin(F.tokyo), "a region is not its own peer")
    }

    @Test func unknownTierIsRefused() {
        #expect(problem(F.request(tier: "archive")) == .unknownTier("archive"))
    }

    @Test func tableOutsideTheBatchTierIsRefused() {
        let stray = F.change(3, key: "k-3", table: "app_logs")
        #expect(problem(F.request(changes: [F.change(1, key: "k-1"), stray], sequences: 1...3)) == .tableNotInTier(table: "app_logs", tier: "critical"))
        #expect(problem(F.request(changes: [F.change(1, key: "k-1", table: "unknown_table")], sequences: 1...3))
            == .tableNotInTier(table: "unknown_table", tier: "critical"))
    }

    @Test func sequenceRangeMustCoverEveryChange() {
        #expect(problem(F.request(sequences: 4...6)) == .sequenceOutsideRange(sequence: 3, range: 4...6))
        #expect(problem(F.request(sequences: 3...4)) == .sequenceOutsideRange(sequence: 5, range: 3...4))
        #expect(problem(F.request(changes: [], sequences: 0...2)) == .invalidSequenceRange(0...2))
    }

    @Test func duplicatesAreRefusedWithoutNamingTheKey() throws {
        #expect(problem(F.request(changes: [F.change(3, key: "a"), F.change(3, key: "b")])) == .duplicateSequence(3))
        let duplicate = try #require(problem(F.request(changes: [F.change(3, key: "kim@example.kr"), F.change(4, key: "kim@example.kr")])))
        #expect(duplicate.httpStatus == 400)
        #expect(!duplicate.description.contains("kim@example.kr"))
    }

    @Test func incompatibleBatchVersionIsRefused() {
        var request = F.request()
        request.protocolVersion = PeerProtocolVersion(major: 9, minor: 0)
        #expect(problem(request) == .incompatibleVersion(origin: F.seoul, batchVersion: request.protocolVersion, localVersion: .current))
    }

    @Test func acknowledgementCarriesDigestsNotKeys() {
        let rows = [RowIdentity(table: "users", key: RowKey("kim@example.kr")), RowIdentity(table: "users", key: RowKey("lee"))]
        let ack = ReplicateAcknowledgement(batchID: BatchID(rawValue: 42), receiver: F.tokyo, applied: 3, stale: 1, rejectedRows: rows)
        #expect(ack.rejected == 2)
        #expect(ack.rejectedKeyDigests == rows.map(ReplicateAcknowledgement.rowDigest).sorted())
        #expect(ack.rejectedKeyDigests.allSatisfy { $0.count == 64 && !$0.contains("kim") })
        #expect(ReplicateAcknowledgement.rowDigest(rows[0]) != ReplicateAcknowledgement.rowDigest(RowIdentity(table: "user", key: RowKey("skim@example.kr"))))
    }
}
