import Foundation
import RegionAudit
import RegionCompression
import RegionCore
import Testing

/// Each way an auditor's copy of a log can be altered is detected and the first broken
/// record (or segment) is named.
@Suite struct ResidencyLogTamperingTests {
    /// A log of `count` records in segments of 5, the last one left open.
    static func makeLog(_ count: Int = 12) throws -> TemporaryDirectory {
        let dir = try TemporaryDirectory()
        let store = try ResidencyLogStore(
            directory: dir.path, configuration: .init(maxSegmentRecords: 5), logger: RecordingLogHandler().logger())
        for index in 1...count {
            try store.append(ResidencyLogStoreTests.event(index), at: ResidencyLogStoreTests.time(index))
        }
        return dir
    }

    static func damage(_ dir: TemporaryDirectory) throws -> ResidencyLogDamage {
        switch try ResidencyLogVerifier(directory: dir.path).verify() {
        case .broken(let damage, _): return damage
        case .intact(let log): throw TestFailure("expected damage, log verified with \(log.records) records")
        }
    }

    static func lines(_ dir: TemporaryDirectory, _ file: String) throws -> [String] {
        String(decoding: try dir.read(file), as: UTF8.self).split(separator: "\n").map(String.init)
    }

    static func writeLines(_ lines: [String], _ dir: TemporaryDirectory, _ file: String) throws {
        try dir.write(Array(lines.map { $0 + "\n" }.joined().utf8), to: file)
    }

    static let open = "segment-00000003.jsonl"

    @Test func anIntactLogVerifies() throws {
        let dir = try Self.makeLog()
        guard case .intact(let log) = try ResidencyLogVerifier(directory: dir.path).verify() else {
            Issue.record("expected intact")
            return
        }
        #expect(log.records == 12)
        #expect(log.lastSeq == 12)
    }

    @Test func anEditedRecordIsNamed() throws {
        let dir = try Self.makeLog()
        var lines = try Self.lines(dir, Self.open)
        lines[1] = lines[1].replacingOccurrences(of: #""rows":1"#, with: #""rows":0"#)
        try Self.writeLines(lines, dir, Self.open)
        let damage = try Self.damage(dir)
        #expect(damage.seq == 12)
        #expect(damage.line == 2)
        #expect(damage.segment == Self.open)
        guard case .edited = damage.chainBreak?.reason else { Issue.record("\(damage)"); return }
    }

    @Test func aDeletedRecordIsNamed() throws {
        let dir = try Self.makeLog(14)
        var lines = try Self.lines(dir, Self.open)
        lines.remove(at: 1)
        try Self.writeLines(lines, dir, Self.open)
        let damage = try Self.damage(dir)
        #expect(damage.seq == 13)
        #expect(damage.chainBreak?.reason == .missing(expected: 12))
    }

    @Test func reorderedRecordsAreNamed() throws {
        let dir = try Self.makeLog(14)
        var lines = try Self.lines(dir, Self.open)
        lines.swapAt(1, 2)
        try Self.writeLines(lines, dir, Self.open)
        let damage = try Self.damage(dir)
        #expect(damage.seq == 13)
        #expect(damage.line == 2)
        #expect(damage.chainBreak?.reason == .reordered(expected: 12))
    }

    @Test func aLineCutInTheMiddleIsNamed() throws {
        let dir = try Self.makeLog(14)
        var lines = try Self.lines(dir, Self.open)
        lines[1] = String(lines[1].prefix(40))
        try Self.writeLines(lines, dir, Self.open)
        let damage = try Self.damage(dir)
        #expect(damage.segment == Self.open)
        #expect(damage.line == 2)
        #expect(damage.problem.contains("not a valid record"))
    }

    @Test func aRemovedSegmentIsNamed() throws {
        let dir = try Self.makeLog()
        try dir.remove("segment-00000002.jsonl.gz")
        try dir.remove("segment-00000002.digest.json")
        let damage = try Self.damage(dir)
        #expect(damage.segment == Self.open)
        #expect(damage.seq == 11)
        #expect(damage.problem.contains("segment-00000002.jsonl.gz missing"))
    }

    @Test func aMissingDigestFileIsNamed() throws {
        let dir = try Self.makeLog()
        try dir.remove("segment-00000001.digest.json")
        let damage = try Self.damage(dir)
        #expect(damage.segment == "segment-00000001.jsonl.gz")
        #expect(damage.problem.contains("digest file"))
    }

    @Test func aDigestThatDoesNotMatchItsSegmentIsNamed() throws {
        let dir = try Self.makeLog()
        let digestFile = "segment-00000002.digest.json"
        let text = String(decoding: try dir.read(digestFile), as: UTF8.self)
        let actual = AuditDigest.sha256(of: try dir.read("segment-00000002.jsonl.gz")).hex
        try dir.write(Array(text.replacingOccurrences(of: actual, with: String(repeating: "0", count: 64)).utf8), to: digestFile)
        let damage = try Self.damage(dir)
        #expect(damage.segment == "segment-00000002.jsonl.gz")
        #expect(damage.problem.contains("does not match the SHA-256"))
    }

    @Test func anEditInsideACompressedSegmentIsNamedByRecord() throws {
        let dir = try Self.makeLog()
        let segment = "segment-00000002.jsonl.gz"
        var text = String(decoding: try Zlib.decompress(try dir.read(segment), format: .gzip, maxOutput: 1 << 20), as: UTF8.self)
        text = text.replacingOccurrences(of: #""to":"tokyo""#, with: #""to":"seoul""#)
        try dir.write(try Zlib.compress(Array(text.utf8), format: .gzip), to: segment)
        let damage = try Self.damage(dir)
        #expect(damage.segment == segment)
        #expect(damage.seq == 6)
        #expect(damage.line == 1)
    }

    @Test func aTruncatedCompressedSegmentIsNamed() throws {
        let dir = try Self.makeLog()
        let segment = "segment-00000001.jsonl.gz"
        try dir.write(Array(try dir.read(segment).dropLast(20)), to: segment)
        let damage = try Self.damage(dir)
        #expect(damage.segment == segment)
        #expect(damage.problem.contains("cannot be decompressed"))
    }

    @Test func anOversizedSegmentIsRefusedBeforeItIsInflated() throws {
        let dir = try Self.makeLog()
        let verification = try ResidencyLogVerifier(directory: dir.path, maxSegmentBytes: 100).verify()
        guard case .broken(let damage, _) = verification else { Issue.record("expected damage"); return }
        #expect(damage.problem.contains("exceed the limit of 100 bytes"))
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
