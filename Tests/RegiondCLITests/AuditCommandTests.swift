import Foundation
import RegionCore
import RegionTestSupport
import Testing

/// The auditor's view: a log written by the chain, checked by `regiond audit` as a
/// separate program would, then tampered with.
struct AuditCommandTests {
    func writeLog(records count: Int, in directory: TemporaryDirectory) throws -> (URL, [String]) {
        var chain = AuditChain()
        let lines = (0..<count).map { index in
            chain.append(
                AuditEvent(
                    kind: index % 3 == 0 ? .blocked : .transfer, table: "users",
                    residencyClass: index % 3 == 0 ? "kr-personal" : "global", from: "seoul",
                    to: index % 2 == 0 ? "tokyo" : "singapore", rowKeys: ["user-\(index)"], bytes: 100 + index),
                at: Timestamp(milliseconds: 1_795_000_000_000 + Int64(index) * 1000)
            ).jsonLine
        }
        let log = directory.url.appendingPathComponent("seoul")
        try FileManager.default.createDirectory(at: log, withIntermediateDirectories: true)
        try (lines.joined(separator: "\n") + "\n").write(
            to: log.appendingPathComponent("segment-00000001.jsonl"), atomically: true, encoding: .utf8)
        return (log, lines)
    }

    @Test func intactLogVerifies() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (log, _) = try writeLog(records: 12, in: directory)
        let result = try RegiondExecutable().run(["audit", "verify", log.path])
        #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
        #expect(result.standardOutput.contains("12"))
    }

    @Test func editedRecordIsNamed() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (log, lines) = try writeLog(records: 12, in: directory)
        var edited = lines
        edited[6] = edited[6].replacingOccurrences(of: "\"to\":\"tokyo\"", with: "\"to\":\"frankfurt\"")
        #expect(edited[6] != lines[6])
        try (edited.joined(separator: "\n") + "\n").write(
            to: log.appendingPathComponent("segment-00000001.jsonl"), atomically: true, encoding: .utf8)
        let result = try RegiondExecutable().run(["audit", "verify", log.path])
        #expect(result.status == 1)
        #expect((result.standardOutput + result.standardError).contains("7"), "the 7th record (seq 7) must be named")
    }

    @Test func summaryCountsTransfersAndBlocksPerClass() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let (log, _) = try writeLog(records: 12, in: directory)
        let result = try RegiondExecutable().run(["audit", "summary", log.path])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("kr-personal"))
        #expect(result.standardOutput.contains("global"))
    }
}
