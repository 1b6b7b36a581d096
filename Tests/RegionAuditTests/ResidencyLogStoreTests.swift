import Foundation
import RegionAudit
import RegionCompression
import RegionCore
import Testing

@Suite struct ResidencyLogStoreTests {
    static func event(_ index: Int, kind: AuditEventKind = .transfer) -> AuditEvent {
        AuditEvent(kind: kind, table: "orders", residencyClass: "global", from: "seoul", to: "tokyo",
                   rowKeys: ["order-\(index)"], bytes: 64 + index)
    }

    static func time(_ index: Int) -> Timestamp { Timestamp(milliseconds: 1_795_374_433_000 + Int64(index) * 1000) }

    static func intact(_ directory: String) throws -> ResidencyLogVerification.IntactLog? {
        guard case .intact(let log) = try ResidencyLogVerifier(directory: directory).verify() else { return nil }
        return log
    }

    @Test func appendsDurableLinkedLinesInTheDocumentedFormat() throws {
        let dir = try TemporaryDirectory()
        let store = try ResidencyLogStore(directory: dir.path, logger: RecordingLogHandler().logger())
        let records = try store.append([Self.event(1), Self.event(2)], at: Self.time(1))
        #expect(records.map(\.seq) == [1, 2])
        let text = String(decoding: try dir.read("segment-00000001.jsonl"), as: UTF8.self)
        #expect(text == records.map { $0.jsonLine + "\n" }.joined())
        #expect(text.hasPrefix(#"{"seq":1,"time":"2026-11-22T19:07:14.000Z","kind":"transfer","table":"orders","class":"global","from":"seoul","to":"tokyo","rows":1,"keys_digest":""#))
        #expect(try Self.intact(dir.path)?.records == 2)
    }

    @Test func resumesTheChainAfterARestart() throws {
        let dir = try TemporaryDirectory()
        let first: AuditRecord
        do {
            let store = try ResidencyLogStore(directory: dir.path, logger: RecordingLogHandler().logger())
            first = try store.append(Self.event(1), at: Self.time(1))
        }
        let reopened = try ResidencyLogStore(directory: dir.path, logger: RecordingLogHandler().logger())
        #expect(reopened.lastSeq == 1)
        #expect(reopened.lastHash == first.hash)
        let second = try reopened.append(Self.event(2), at: Self.time(2))
        #expect(second.seq == 2)
        #expect(second.prev == first.hash)
        #expect(try Self.intact(dir.path)?.records == 2)
    }

    @Test func rotatesByRecordCountIntoCompressedSegmentsWithDigests() throws {
        let dir = try TemporaryDirectory()
        let store = try ResidencyLogStore(
            directory: dir.path, configuration: .init(maxSegmentRecords: 5), logger: RecordingLogHandler().logger())
        for index in 1...12 { try store.append(Self.event(index), at: Self.time(index)) }
        #expect(try dir.files() == [
            ".lock", "segment-00000001.digest.json", "segment-00000001.jsonl.gz",
            "segment-00000002.digest.json", "segment-00000002.jsonl.gz", "segment-00000003.jsonl",
        ])
        let digest = try JSONSerialization.jsonObject(with: Data(try dir.read("segment-00000002.digest.json"))) as? [String: Any]
        #expect(digest?["first_seq"] as? Int == 6)
        #expect(digest?["last_seq"] as? Int == 10)
        #expect(digest?["sha256"] as? String == AuditDigest.sha256(of: try dir.read("segment-00000002.jsonl.gz")).hex)
        let log = try #require(try Self.intact(dir.path))
        #expect(log.records == 12)
        #expect(log.segments == 3)
        #expect(log.lastHash == store.lastHash)
    }

    @Test func rotatesBySizeAndContinuesAcrossRestartAfterAClose() throws {
        let dir = try TemporaryDirectory()
        do {
            let store = try ResidencyLogStore(
                directory: dir.path, configuration: .init(maxSegmentBytes: 1_000), logger: RecordingLogHandler().logger())
            for index in 1...4 { try store.append(Self.event(index), at: Self.time(index)) }
            try store.closeOpenSegment()
        }
        let closed = try dir.files().filter { $0.hasSuffix(".gz") }.count
        #expect(closed >= 2)
        #expect(try dir.files().allSatisfy { !$0.hasSuffix(".jsonl") })
        let reopened = try ResidencyLogStore(directory: dir.path, logger: RecordingLogHandler().logger())
        #expect(reopened.lastSeq == 4)
        try reopened.append(Self.event(5), at: Self.time(5))
        #expect(try Self.intact(dir.path)?.records == 5)
    }

    @Test func aTornLastLineIsReportedAndCutOffOnRestart() throws {
        let dir = try TemporaryDirectory()
        do {
            let store = try ResidencyLogStore(directory: dir.path, logger: RecordingLogHandler().logger())
            for index in 1...3 { try store.append(Self.event(index), at: Self.time(index)) }
        }
        let segment = "segment-00000001.jsonl"
        let complete = try dir.read(segment)
        try dir.write(complete + Array(#"{"seq":4,"time":"2026-11-"#.utf8), to: segment)

        let beforeRestart = try #require(try Self.intact(dir.path))
        #expect(beforeRestart.records == 3)
        #expect(beforeRestart.notes.count == 1)

        let handler = RecordingLogHandler()
        let store = try ResidencyLogStore(directory: dir.path, logger: handler.logger())
        #expect(handler.messages.contains { $0.0 == .warning && $0.1.contains("incomplete record") })
        #expect(try dir.read(segment) == complete)
        #expect(try store.append(Self.event(4), at: Self.time(4)).seq == 4)
        #expect(try Self.intact(dir.path)?.notes.isEmpty == true)
    }

    @Test func anInterruptedCloseIsCompletedOnRestart() throws {
        let dir = try TemporaryDirectory()
        do {
            let store = try ResidencyLogStore(directory: dir.path, logger: RecordingLogHandler().logger())
            for index in 1...3 { try store.append(Self.event(index), at: Self.time(index)) }
        }
        // A crash after the compressed file was written but before its digest.
        let plain = try dir.read("segment-00000001.jsonl")
        try dir.write(Array(try Zlib.compress(plain, format: .gzip).prefix(10)), to: "segment-00000001.jsonl.gz")
        try dir.write([1, 2, 3], to: "segment-00000001.digest.json.tmp")

        let store = try ResidencyLogStore(directory: dir.path, logger: RecordingLogHandler().logger())
        #expect(try dir.files() == [".lock", "segment-00000001.digest.json", "segment-00000001.jsonl.gz"])
        #expect(try store.append(Self.event(4), at: Self.time(4)).seq == 4)
        #expect(try Self.intact(dir.path)?.records == 4)
    }

    @Test func refusesToContinueAfterAnUnreadableLastRecord() throws {
        let dir = try TemporaryDirectory()
        do {
            let store = try ResidencyLogStore(directory: dir.path, logger: RecordingLogHandler().logger())
            try store.append(Self.event(1), at: Self.time(1))
        }
        try dir.write(try dir.read("segment-00000001.jsonl") + Array("not json\n".utf8), to: "segment-00000001.jsonl")
        #expect {
            try ResidencyLogStore(directory: dir.path, logger: RecordingLogHandler().logger())
        } throws: { error in
            guard case ResidencyLogError.unreadableTail = error else { return false }
            return true
        }
    }

    @Test func aSecondWriterIsRefused() throws {
        let dir = try TemporaryDirectory()
        let first = try ResidencyLogStore(directory: dir.path, logger: RecordingLogHandler().logger())
        #expect {
            try ResidencyLogStore(directory: dir.path, logger: RecordingLogHandler().logger())
        } throws: { error in
            guard case ResidencyLogError.locked = error else { return false }
            return true
        }
        try first.append(Self.event(1), at: Self.time(1))
    }

    @Test func everyRecordDurabilityWritesTheSameLog() throws {
        let dir = try TemporaryDirectory()
        let store = try ResidencyLogStore(
            directory: dir.path, configuration: .init(durability: .everyRecord), logger: RecordingLogHandler().logger())
        try store.append((1...3).map { Self.event($0) }, at: Self.time(1))
        #expect(try Self.intact(dir.path)?.records == 3)
    }

    @Test func closedSegmentsAreReadableByTheGzipTool() throws {
        let gzip = "/usr/bin/gzip"
        guard FileManager.default.isExecutableFile(atPath: gzip) else { return }
        let dir = try TemporaryDirectory()
        let store = try ResidencyLogStore(directory: dir.path, logger: RecordingLogHandler().logger())
        let records = try store.append((1...3).map { Self.event($0) }, at: Self.time(1))
        try store.closeOpenSegment()
        let process = Process()
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: gzip)
        process.arguments = ["-dc", dir.file("segment-00000001.jsonl.gz")]
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(text == records.map { $0.jsonLine + "\n" }.joined())
    }
}
