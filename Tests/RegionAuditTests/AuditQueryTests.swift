import RegionAudit
import RegionCore
import Testing

@Suite struct AuditQueryTests {
    static let records: [AuditRecord] = {
        var chain = AuditChain()
        let events: [(AuditEventKind, String?, RegionName?, Int, Int)] = [
            (.transfer, "global", "tokyo", 10, 1000),
            (.transfer, "global", "singapore", 5, 500),
            (.blocked, "kr-personal", "tokyo", 3, 0),
            (.blocked, "kr-personal", "tokyo", 4, 0),
            (.transfer, "kr-personal", "seoul-b", 2, 200),
            (.rejected, "gdpr", "seoul", 1, 0),
            (.dnsChange, nil, nil, 0, 0),
        ]
        return events.enumerated().map { index, spec in
            chain.append(
                AuditEvent(kind: spec.0, table: spec.1 == nil ? nil : "users", residencyClass: spec.1, from: "seoul",
                           to: spec.2, rows: spec.3, bytes: spec.4, detail: spec.0 == .dnsChange ? "geo kr, fields \"a,b\"" : nil),
                at: Timestamp(milliseconds: Int64(index) * 3_600_000))
        }
    }()

    static func seqs(_ filter: AuditRecordFilter) -> [UInt64] { records.filter(filter.matches).map(\.seq) }

    @Test func filtersByTimeKindClassAndDestination() {
        #expect(Self.seqs(AuditRecordFilter()) == [1, 2, 3, 4, 5, 6, 7])
        #expect(Self.seqs(AuditRecordFilter(since: Timestamp(milliseconds: 3_600_000), until: Timestamp(milliseconds: 3 * 3_600_000))) == [2, 3])
        #expect(Self.seqs(AuditRecordFilter(kinds: [.blocked, .rejected])) == [3, 4, 6])
        #expect(Self.seqs(AuditRecordFilter(classes: ["kr-personal"])) == [3, 4, 5])
        #expect(Self.seqs(AuditRecordFilter(destinations: ["tokyo"])) == [1, 3, 4])
        #expect(Self.seqs(AuditRecordFilter(kinds: [.transfer], classes: ["global"], destinations: ["tokyo"])) == [1])
    }

    @Test func summaryCountsTransfersBlocksAndRejectionsPerClassAndDestination() {
        let summary = ResidencySummary(Self.records)
        #expect(summary.sortedRows.map { "\($0.key.residencyClass)→\($0.key.destination)" } == [
            "gdpr→seoul", "global→singapore", "global→tokyo", "kr-personal→seoul-b", "kr-personal→tokyo",
        ])
        let krTokyo = summary.rows[.init(residencyClass: "kr-personal", destination: "tokyo")]
        #expect(krTokyo?.blockedEvents == 2)
        #expect(krTokyo?.blockedRows == 7)
        #expect(krTokyo?.transferEvents == 0)
        let globalTokyo = summary.rows[.init(residencyClass: "global", destination: "tokyo")]
        #expect(globalTokyo?.transferredRows == 10)
        #expect(globalTokyo?.transferredBytes == 1000)
        #expect(summary.rows[.init(residencyClass: "gdpr", destination: "seoul")]?.rejectedRows == 1)
        #expect(summary.tableLines.count == 2 + 5)
        #expect(summary.tableLines[0].hasPrefix("class        destination  transfers"))
    }

    @Test func csvQuotesFieldsThatNeedIt() {
        let lines = AuditRecordFormatter.format(Self.records, as: .csv)
        #expect(lines[0] == "seq,time,kind,table,class,from,to,rows,keys_digest,bytes,detail,prev,hash")
        #expect(lines.count == 8)
        #expect(lines[7].contains(#","geo kr, fields ""a,b""","#))
        #expect(lines[1].hasPrefix("1,1970-01-01T00:00:00.000Z,transfer,users,global,seoul,tokyo,10,"))
    }

    @Test func jsonLinesAreTheStoredLines() {
        #expect(AuditRecordFormatter.format(Self.records, as: .jsonl) == Self.records.map(\.jsonLine))
    }

    @Test func tableAlignsColumns() {
        let lines = AuditRecordFormatter.format(Array(Self.records.prefix(2)), as: .table)
        #expect(lines.count == 4)
        #expect(lines[1].hasPrefix("---  "))
        let kindColumn = lines[0].range(of: "kind")!.lowerBound.utf16Offset(in: lines[0])
        #expect(lines[2].dropFirst(kindColumn).hasPrefix("transfer"))
    }

    @Test func timeArgumentsAreAbsoluteOrRelative() {
        let now = Timestamp(milliseconds: 10 * 86_400_000)
        #expect(AuditTimeArgument.parse("24h", now: now) == Timestamp(milliseconds: 9 * 86_400_000))
        #expect(AuditTimeArgument.parse("7d", now: now) == Timestamp(milliseconds: 3 * 86_400_000))
        #expect(AuditTimeArgument.parse("90s", now: now) == Timestamp(milliseconds: 10 * 86_400_000 - 90_000))
        #expect(AuditTimeArgument.parse("30m", now: now) == Timestamp(milliseconds: 10 * 86_400_000 - 1_800_000))
        #expect(AuditTimeArgument.parse("1970-01-02T00:00:00Z", now: now) == Timestamp(milliseconds: 86_400_000))
        #expect(AuditTimeArgument.parse("yesterday", now: now) == nil)
        #expect(AuditTimeArgument.parse("-5h", now: now) == nil)
        #expect(AuditTimeArgument.parse("h", now: now) == nil)
    }

    @Test func readerFindsRegionDirectoriesUnderARoot() throws {
        let root = try TemporaryDirectory()
        for region: RegionName in ["seoul", "tokyo"] {
            let store = try ResidencyLogStore(
                directory: ResidencyLogStore.directory(for: region, under: root.path), logger: RecordingLogHandler().logger())
            try store.append(AuditEvent(kind: .drain, detail: region.rawValue), at: .zero)
        }
        let logs = try RegionLogDirectories.find(in: root.path)
        #expect(logs.map(\.label) == ["seoul: ", "tokyo: "])
        #expect(try RegionLogDirectories.find(in: logs[0].path).map(\.label) == [""])
        #expect(try ResidencyLogReader(directory: logs[1].path).records().map(\.detail) == ["tokyo"])
    }
}
