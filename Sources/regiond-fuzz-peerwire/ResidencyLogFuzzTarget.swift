import Foundation
import Logging
import RegionAudit
import RegionCore

/// A residency log an auditor verifies offline, possibly tampered with: the input is the
/// open segment of a log directory. Verification and reading must end in a verdict or an
/// error with a message; a log verified intact that the reader cannot read is a finding.
struct ResidencyLogFuzzTarget: FuzzTarget {
    static let maxSegmentBytes = 1 << 20
    /// Scratch directory holding the one segment file each input is written to.
    let directory: String

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("regiond-fuzz-log-\(getpid())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    private var segment: String { directory + "/segment-00000001.jsonl" }

    func run(_ input: [UInt8]) {
        guard FileManager.default.createFile(atPath: segment, contents: Data(input)) else {
            preconditionFailure("cannot write \(segment)")
        }
        let verdict: ResidencyLogVerification
        do {
            verdict = try ResidencyLogVerifier(directory: directory, maxSegmentBytes: Self.maxSegmentBytes).verify()
        } catch {
            if String(describing: error).isEmpty { preconditionFailure("verify threw without a message") }
            return
        }
        guard case .intact(let log) = verdict else { return }
        do {
            let records = try ResidencyLogReader(directory: directory, maxSegmentBytes: Self.maxSegmentBytes).records()
            if records.count != log.records { preconditionFailure("verified \(log.records) records, read \(records.count)") }
        } catch {
            preconditionFailure("verified intact but unreadable: \(error)")
        }
    }

    /// A short valid log written by `ResidencyLog` itself.
    func seeds() throws -> [[UInt8]] {
        let source = directory + "-seed"
        defer { try? FileManager.default.removeItem(atPath: source) }
        let log = try ResidencyLogStore(directory: source, logger: Logger(label: "regiond.fuzz") { _ in SwiftLogNoOpLogHandler() })
        let start = Timestamp(milliseconds: 1_795_000_000_000)
        _ = try log.append(AuditEvent(
            kind: .transfer, table: "users", residencyClass: "global", from: "seoul", to: "tokyo", rowKeys: ["{\"id\": 1}"], bytes: 120), at: start)
        _ = try log.append(AuditEvent(
            kind: .blocked, table: "users", residencyClass: "kr-personal", from: "seoul", to: "tokyo", rowKeys: ["{\"id\": 2}"], bytes: 0),
            at: start + .seconds(1))
        let files = try FileManager.default.contentsOfDirectory(atPath: source).filter { $0.hasSuffix(".jsonl") }
        return try files.map { Array(try Data(contentsOf: URL(fileURLWithPath: source + "/" + $0))) }
    }
}
