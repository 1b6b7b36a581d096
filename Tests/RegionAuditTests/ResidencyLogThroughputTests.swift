import Foundation
import RegionAudit
import RegionCore
import Testing

/// Prints figures for the record; asserts only correctness, never timing.
@Suite struct ResidencyLogThroughputTests {
    @Test func appendingBatchesPrintsThroughputAndCompressionRatio() throws {
        let dir = try TemporaryDirectory()
        let store = try ResidencyLogStore(
            directory: dir.path, configuration: .init(maxSegmentRecords: 10_000), logger: RecordingLogHandler().logger())
        let batches = 200
        let batchSize = 100
        let clock = ContinuousClock()
        let elapsed = try clock.measure {
            for batch in 0..<batches {
                let events = (0..<batchSize).map { ResidencyLogStoreTests.event(batch * batchSize + $0) }
                try store.append(events, at: ResidencyLogStoreTests.time(batch))
            }
            try store.closeOpenSegment()
        }
        let files = try dir.files()
        let compressed = try files.filter { $0.hasSuffix(".gz") }.reduce(0) { $0 + (try dir.read($1).count) }
        let verifyElapsed = try clock.measure {
            guard case .intact(let log) = try ResidencyLogVerifier(directory: dir.path).verify() else {
                Issue.record("log does not verify")
                return
            }
            #expect(log.records == batches * batchSize)
        }
        let plainBytes = (store.lastSeq > 0 ? batches * batchSize : 0) * (ResidencyLogStoreTests.sampleLineLength)
        print("""
            residency log: \(batches * batchSize) records in \(batches) fsynced batches: \(elapsed) \
            (\(Int(Double(batches * batchSize) / elapsed.seconds)) records/s); \
            gzip ratio \(String(format: "%.1f", Double(plainBytes) / Double(compressed))):1; verify \(verifyElapsed)
            """)
    }
}

extension ResidencyLogStoreTests {
    /// The length of one stored line for `event(_:)` (they differ by a few digits only).
    static var sampleLineLength: Int {
        var chain = AuditChain()
        return chain.append(event(5_000), at: time(1)).jsonLine.utf8.count + 1
    }
}
