import Foundation
import RegionAudit
import RegionCompression
import RegionCore
import Testing

/// Prints figures for the record; asserts only correctness, never timing.
@Suite struct ResidencyLogThroughputTests {
    @Test func appendingBatchesPrintsThroughputAndCompressionRatio() throws {
        let dir = try TemporaryDirectory()
        let store = try ResidencyLogStore(
            directory: dir.path, configuration: .init(maxSegmentRecords: 2_000), logger: RecordingLogHandler().logger())
        let batches = 50
        let batchSize = 100
        let clock = ContinuousClock()
        let elapsed = try clock.measure {
            for batch in 0..<batches {
                let events = (0..<batchSize).map { ResidencyLogStoreTests.event(batch * batchSize + $0) }
                try store.append(events, at: ResidencyLogStoreTests.time(batch))
            }
            try store.closeOpenSegment()
        }
        let segments = try dir.files().filter { $0.hasSuffix(".gz") }.map { try dir.read($0) }
        let compressed = segments.reduce(0) { $0 + $1.count }
        let plain = try segments.reduce(0) { $0 + (try Zlib.decompress($1, format: .gzip, maxOutput: 1 << 30).count) }
        let verifyElapsed = try clock.measure {
            guard case .intact(let log) = try ResidencyLogVerifier(directory: dir.path).verify() else {
                Issue.record("log does not verify")
                return
            }
            #expect(log.records == batches * batchSize)
        }
        print("""
            residency log: \(batches * batchSize) records in \(batches) fsynced batches: \(elapsed) \
            (\(Int(Double(batches * batchSize) / elapsed.seconds)) records/s); \
            gzip ratio \(String(format: "%.1f", Double(plain) / Double(compressed))):1; verify \(verifyElapsed)
            """)
    }
}
