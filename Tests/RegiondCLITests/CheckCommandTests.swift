import Foundation
import RegionTestSupport
import Testing

@Suite struct CheckCommandTests {
    private let regionsYAML = RegiondExecutable.repositoryRoot.appendingPathComponent("regions.yaml")

    @Test func validConfigurationExitsZeroWithTheBudget() throws {
        let result = try RegiondExecutable().run(["check", "--config", regionsYAML.path])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("is valid: 4 regions (3 serving, 1 witness)"))
        #expect(result.standardOutput.contains("= detection"))
        #expect(result.standardOutput.contains("19s  objective 30s, margin 11s ok"))
        #expect(result.standardOutput.contains("1m4s  objective 2m, margin 56s ok"))
        #expect(result.standardOutput.contains("KR users failed over to tokyo cannot see their kr-personal rows"))
    }

    @Test func checkReadsRegionsYAMLInTheCurrentDirectoryByDefault() throws {
        let result = try RegiondExecutable().run(["check"])
        #expect(result.status == 0, "\(result.standardError)")
    }

    @Test func invalidConfigurationExitsOneWithEveryErrorOnStandardError() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let broken = try String(contentsOf: regionsYAML, encoding: .utf8)
            .replacingOccurrences(of: "    max_lag: 5s\n", with: "    max_lag: 9s\n")
            .replacingOccurrences(of: "recovery_threshold: 6", with: "recovery_threshold: 2")
        let file = try directory.write(broken, to: "regions.yaml")
        let result = try RegiondExecutable().run(["check", "--config", file.path])
        #expect(result.status == 1)
        #expect(result.standardOutput.isEmpty)
        #expect(result.standardError.contains("tier 'critical' max_lag 9s exceeds the 5s objective"))
        #expect(result.standardError.contains("recovery_threshold 2 must be larger than failure_threshold 3"))
        #expect(result.standardError.contains("\(file.path): 2 errors"))
    }

    @Test func missingFileExitsTwo() throws {
        let result = try RegiondExecutable().run(["check", "--config", "/nonexistent/regions.yaml"])
        #expect(result.status == 2)
        #expect(result.standardError.contains("/nonexistent/regions.yaml: cannot read the file (no such file)"))
    }

    @Test func textThatIsNotYAMLExitsTwo() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = try directory.write("regions: [seoul\n  tiers: {", to: "regions.yaml")
        let result = try RegiondExecutable().run(["check", "--config", file.path])
        #expect(result.status == 2)
        #expect(result.standardError.contains("not valid YAML"))
    }

    @Test func helpExplainsTheBudgetAndExitCodes() throws {
        let result = try RegiondExecutable().run(["check", "--help"])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("detection = interval × failure_threshold + timeout + gossip_interval"))
        #expect(result.standardOutput.contains("Exit status: 0 valid, 1 invalid"))
    }
}
