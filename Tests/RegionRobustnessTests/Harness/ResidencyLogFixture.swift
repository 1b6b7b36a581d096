import Foundation
import Logging
import RegionAudit
import RegionCompression
import RegionCore

/// A real residency log written by `ResidencyLogStore` (several closed, gzip-compressed
/// segments with digest files, and an open one), kept in memory so every fuzz case can
/// lay a damaged copy of it on disk.
struct ResidencyLogFixture {
    /// File name to content, as the writer left them.
    let files: [String: [UInt8]]
    /// Every record's line, in chain order.
    let lines: [String]

    static func write(records: Int = 23, recordsPerSegment: Int = 5) throws -> ResidencyLogFixture {
        let scratch = try ScratchDirectory("audit-fixture")
        defer { scratch.remove() }
        let store = try ResidencyLogStore(
            directory: scratch.path, configuration: .init(maxSegmentRecords: recordsPerSegment),
            logger: Logger(label: "regiond.robustness.fixture"))
        var lines: [String] = []
        for index in 0..<records {
            let event = AuditEvent(
                kind: index % 4 == 0 ? .blocked : .transfer, table: "users", residencyClass: index % 3 == 0 ? "kr-personal" : "global",
                from: "seoul", to: index % 2 == 0 ? "tokyo" : "singapore", rowKeys: ["user-\(index)"], bytes: 100 + index)
            lines.append(try store.append(event, at: Timestamp(milliseconds: 1_795_000_000_000 + Int64(index) * 1000)).jsonLine)
        }
        var files: [String: [UInt8]] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: scratch.path) where name.hasPrefix("segment-") {
            files[name] = Array(try Data(contentsOf: URL(fileURLWithPath: scratch.path + "/" + name)))
        }
        return ResidencyLogFixture(files: files, lines: lines)
    }

    var closedSegments: [String] { files.keys.filter { $0.hasSuffix(".jsonl.gz") }.sorted() }
}
