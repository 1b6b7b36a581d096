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
            <directory> is one region's log directory (segment-*.jsonl,
            segment-*.jsonl.gz and segment-*.digest.json files), or a directory whose
            subdirectories are region logs, in which case each region is processed in
            turn. Copy the directory off the host and run these commands anywhere;
            nothing is written.
            """,
        subcommands: [Verify.self, Query.self, Export.self, Summary.self]
    )

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute the hash chain and check every segment digest.",
            discussion: """
                Exit status 0 and the record count when the log is intact; 1 and the first
                broken record (segment file, line, sequence number, and what the evidence
                means: edited, deleted, reordered, inserted, truncated, a segment removed or
                replaced) when it is not; 2 when the directory cannot be read. Keep the
                printed last hash: comparing it with the next verification also detects
                records removed from the end.
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
            discussion: AuditRecordSelection.discussion
        )

        @OptionGroup var selection: AuditRecordSelection

        @Option(help: "Output format: table, csv or jsonl.")
        var format: AuditOutputFormat = .table

        func run() throws {
            for line in AuditRecordFormatter.format(try selection.records(), as: format) { print(line) }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write matching records to a file as JSON lines or CSV, for other tools.",
            discussion: AuditRecordSelection.discussion + """

                JSON lines are the log's own lines, hashes included, so every exported
                record can be matched against a verified copy of the log.
                """
        )

        @OptionGroup var selection: AuditRecordSelection

        @Option(help: "Output format: jsonl or csv.")
        var format: AuditOutputFormat = .jsonl

        @Option(name: .shortAndLong, help: "The file to write (replaced if it exists).")
        var output: String

        func validate() throws {
            guard format != .table else { throw ValidationError("export writes jsonl or csv; use 'regiond audit query' for a table") }
        }

        func run() throws {
            let records = try selection.records()
            let text = AuditRecordFormatter.format(records, as: format).map { $0 + "\n" }.joined()
            do {
                try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
            } catch {
                throw ValidationError("cannot write \(output): \(error.localizedDescription); choose a writable path")
            }
            print("exported \(records.count) record(s) to \(output)")
        }
    }

    struct Summary: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Transfers, blocks and rejections per residency class and destination.",
            discussion: """
                The compliance report: for each residency class and destination region, how
                many transfers (and rows, bytes) left this region, and how many were blocked
                by the residency policy or rejected by the receiver. Counts records as
                stored; run 'regiond audit verify' to prove them.
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

/// The directory and filters shared by `query` and `export`.
struct AuditRecordSelection: ParsableArguments {
    static let discussion = """
        Times are RFC 3339 (2026-11-01T00:00:00Z, 2026-11-01T09:00:00+09:00) or an age
        relative to now: 90s, 30m, 24h, 7d. Repeat --kind, --class or --to to accept
        several values. Kinds: \(AuditEventKind.known.map(\.rawValue).joined(separator: ", ")).
        Records are read as stored; run 'regiond audit verify' to prove them.
        """

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

    func validate() throws {
        let known = AuditEventKind.known.map(\.rawValue)
        let unknown = kind.filter { !known.contains($0) }
        guard unknown.isEmpty else {
            throw ValidationError("unknown kind \(unknown.joined(separator: ", ")); use one of: \(known.joined(separator: ", "))")
        }
    }

    /// The matching records of every log under `directory`, in log order.
    func records() throws -> [AuditRecord] {
        let now = Timestamp.wallClock()
        let filter = AuditRecordFilter(
            since: try since.map { try time($0, option: "--since", now: now) },
            until: try until.map { try time($0, option: "--until", now: now) },
            kinds: Set(kind.map(AuditEventKind.init(rawValue:))), classes: Set(residencyClass),
            destinations: Set(to.map { RegionName($0) }))
        var records: [AuditRecord] = []
        for log in try RegionLogDirectories.find(in: directory) {
            records += try ResidencyLogReader(directory: log.path).records().filter(filter.matches)
        }
        return records
    }

    private func time(_ text: String, option: String, now: Timestamp) throws -> Timestamp {
        guard let time = AuditTimeArgument.parse(text, now: now) else {
            throw ValidationError("\(option) '\(text)' is not a time; use RFC 3339 (2026-11-01T00:00:00Z) or an age such as 24h or 7d")
        }
        return time
    }
}

extension AuditOutputFormat: ExpressibleByArgument {}
