import RegionAudit
import RegionCore
import Testing

@Suite struct ResidencyLogActorTests {
    @Test func concurrentAppendersShareOneUnbrokenChain() async throws {
        let dir = try TemporaryDirectory()
        let log = try ResidencyLog(directory: dir.path, configuration: .init(maxSegmentRecords: 7), logger: RecordingLogHandler().logger())
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<4 {
                group.addTask {
                    for index in 0..<10 {
                        try await log.append(ResidencyLogStoreTests.event(writer * 100 + index), at: ResidencyLogStoreTests.time(index))
                    }
                }
            }
            try await group.waitForAll()
        }
        let head = await log.head
        #expect(head.seq == 40)
        guard case .intact(let verified) = try ResidencyLogVerifier(directory: dir.path).verify() else {
            Issue.record("log does not verify")
            return
        }
        #expect(verified.records == 40)
        #expect(verified.lastHash == head.hash)
    }
}
