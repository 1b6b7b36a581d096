import ArgumentParser
import Foundation
import RegionAudit
import RegionCore

/// `regiond audit`: the auditor's tools for a region's residency log, all offline and
/// read-only.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Verify, query and summarise residency logs (read-only, offline).",
        discussion: """
            <directory> is one region's log directory (segment-*.jsonl, segment-*.jsonl.gz and
            segment-*.digest.json files), or a directory whose subdirectories are region
            logs, in which case each region is processed in turn. Copy the directory
            off the host and run these commands anywhere; nothing is written.
            """,
        subcommands: [Verify.self, Query.self, Summary.self]
    )

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute the hash chain and check every segment digest.",
            discussion: """
                Exit status 0 and the record count when the log is intact; 1 and the first
                broken record (segment file, line, sequence number, and what the evidence
                means: edited, deleted, reordered, inserted, truncated, a segment removed or
                replaced) when it is not; 2 when the directory cannot be read. Keep the printed last hash: comparing it with the
                next verification also detects records removed from the end.
                """
        )

        @Argument(help: "A region's residency log directory, or a directory of them.")
        var directory: String

        func run() throws {
            do {
                try verifyAll()
            } catch let error as ResidencyLogError {
                FileHandle.standardError.write(Data("cannot verify: \(error)\n".utf8))
                throw ExitCode(2)
            }
        }

        private func verifyAll() throws {
            var intact = true
            for log in try RegionLogDirectories.find(in: directory) {
                switch try ResidencyLogVerifier(directory: log.path).verify() {
                case .intact(let summary):
                    print("\(log.label)intact: \(summary.records) records in \(summary.segments) segment(s), last seq \(summary.lastSeq), last hash \(summary.lastHash.hex)")
                    for note in summary.notes { print("  note: \(note)") }
                case .broken(let damage, let verified):
                    intact = false
                    let record = damage.seq.map { "record \($0)" } ?? "the log"
                    print("\(log.label)BROKEN at \(record) — \(damage)")
                    print("  \(verified) record(s) before it verified")
                }
            }
            if !intact { throw ExitCode.failure }
        }
    }

    struct Query: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List records matching filters, as a table, CSV or JSON lines.",
            discussion: """
                Times are RFC 3339 (2026-11-01T00:00:00Z, 2026-11-01T09:00:00+09:00) or an age
                relative to now: 90s, 30m, 24h, 7d. Repeat --kind, --class or --to to accept
                several values. Kinds: \(AuditEventKind.known.map(\.rawValue).joined(separator: ", ")).
                The query reads records as stored; run 'regiond audit verify' to prove them.
                """
        )

        @Argument(help: "A region's residency log directory, or a directory of them.")
        var directory: String

        @Option(help: "Only records at or after this time.")
        var since: String?

        @Option(help: "Only records before this time.")
        var until: String?

        @Option(help: "Only records of this kind (repeatable).")
        var kind: [String] = []

        @Option(name: .customLong("class"), help: "Only records of this residency class (repeatable).")
        var residencyClass: [String] = []

        @Option(help: "Only records whose destination is this region (repeatable).")
        var to: [String] = []

        @Option(help: "Output format: table, csv or jsonl.")
        var format: AuditOutputFormat = .table

        func validate() throws {
            let unknown = kind.filter { !AuditEventKind.known.map(\.rawValue).contains($0) }
            guard unknown.isEmpty else {
                throw ValidationError("unknown kind \(unknown.joined(separator: ", ")); use one of: \(AuditEventKind.known.map(\.rawValue).joined(separator: ", "))")
            }
        }

        func run() throws {
            let now = Timestamp(milliseconds: Int64(Date().timeIntervalSince1970 * 1000))
            let filter = AuditRecordFilter(
                since: try since.map { try time($0, option: "--since", now: now) },
                until: try until.map { try time($0, option: "--until", now: now) },
                kinds: Set(kind.map(AuditEventKind.init(rawValue:))), classes: Set(residencyClass),
                destinations: Set(to.map { RegionName($0) }))
            var records: [AuditRecord] = []
            for log in try RegionLogDirectories.find(in: directory) {
                records += try ResidencyLogReader(directory: log.path).records().filter(filter.matches)
            }
            for line in AuditRecordFormatter.format(records, as: format) { print(line) }
        }

        private func time(_ text: String, option: String, now: Timestamp) throws -> Timestamp {
            guard let time = AuditTimeArgument.parse(text, now: now) else {
                throw ValidationError("\(option) '\(text)' is not a time; use RFC 3339 (2026-11-01T00:00:00Z) or an age such as 24h or 7d")
            }
            return time
        }
    }

    struct Summary: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Transfers, blocks and rejections per residency class and destination.",
            discussion: """
                The compliance report: for each residency class and destination region, how
                many transfers (and rows, bytes) left this region, and how many were blocked
                by the residency policy or rejected by the receiver. Counts records as stored;
                run 'regiond audit verify' to prove them.
                """
        )

        @Argument(help: "A region's residency log directory, or a directory of them.")
        var directory: String

        func run() throws {
            for log in try RegionLogDirectories.find(in: directory) {
                if !log.label.isEmpty { print(log.label.dropLast(2)) }
                let summary = ResidencySummary(try ResidencyLogReader(directory: log.path).records())
                for line in summary.tableLines { print(line) }
            }
        }
    }
}

extension AuditOutputFormat: ExpressibleByArgument {}
