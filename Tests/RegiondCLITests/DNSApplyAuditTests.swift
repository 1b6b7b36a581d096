import Foundation
import RegionTestSupport
import Testing

/// `regiond dns apply --audit-log`: every published change leaves a verifiable
/// `dns-change` record; an unchanged plan leaves none.
struct DNSApplyAuditTests {
    @Test func appliedChangesAreRecordedAndVerify() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let zone = directory.url.appendingPathComponent("zone.json").path
        let regions = try String(contentsOf: RegiondExecutable.repositoryRoot.appendingPathComponent("regions.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "  provider: powerdns", with: "  provider: file\n  path: \(zone)\n  #")
            .split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("  api_url:") && !$0.hasPrefix("  server_id:") && !$0.hasPrefix("  api_key:") }
            .joined(separator: "\n")
        let config = try directory.write(regions, to: "regions.yaml").path
        let log = directory.url.appendingPathComponent("audit/seoul").path
        let binary = try RegiondExecutable()

        for arguments in [[], [], ["--down", "seoul"]] {
            let result = try binary.run(["dns", "apply", "--config", config, "--audit-log", log] + arguments)
            #expect(result.status == 0, "\(result.standardError)")
        }
        let verify = try binary.run(["audit", "verify", log])
        #expect(verify.status == 0, "\(verify.standardOutput)\(verify.standardError)")
        #expect(verify.standardOutput.contains("2 records"), "the unchanged second apply must not be recorded")
        let query = try binary.run(["audit", "query", log, "--kind", "dns-change", "--format", "jsonl"])
        #expect(query.standardOutput.contains("--down seoul; publish KR: tokyo"))
    }
}
