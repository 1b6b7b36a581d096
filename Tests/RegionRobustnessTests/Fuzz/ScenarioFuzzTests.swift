import Foundation
import RegionCore
import RegionSimulation
import Testing

/// SREs edit scenario files by hand. A damaged one must be refused with located errors, or
/// describe a rehearsal the simulator can run: known regions, positive durations, shares
/// and probabilities in range, and a deployment (after `overrides:`) the agent would accept.
struct ScenarioFuzzTests {
    @Test func mutatedScenariosAreRefusedWithLocatedErrorsOrRunnable() throws {
        let config = try RegionsConfigLoader.parse(yaml: try RepositoryFiles.text("regions.yaml"), file: "regions.yaml").config
        let scenarios = try RepositoryFiles.files(under: "simulations", extensions: ["yaml"]).map { url in
            (name: "simulations/" + url.lastPathComponent, text: try String(contentsOf: url, encoding: .utf8))
        }
        try #require(!scenarios.isEmpty)
        let parser = ScenarioParser { path throws(ScenarioLoadError) in
            guard path.hasSuffix("/regions.yaml") else { throw .file(.unreadable(path: path, reason: "no such file")) }
            return config
        }
        let report = FuzzCampaign(target: "scenario").run { random in
            let scenario = scenarios.randomElement(using: &random)!
            let text = YAMLMutator.mutate(scenario.text, using: &random)
            return Self.verdict(parser: parser, text: text, file: scenario.name)
        }
        #expect(report.failures.isEmpty, "\(report.failures)")
        #expect(report.coversBothOutcomes, "the generator must produce both valid and invalid scenarios")
    }

    static func verdict(parser: ScenarioParser, text: String, file: String) -> FuzzVerdict {
        do {
            let scenario = try parser.parse(text, file: file, directory: "simulations")
            let violations = AcceptedScenarioInvariants.violations(of: scenario)
            return violations.isEmpty ? .accepted : .violation("accepted a scenario that breaks: \(violations.joined(separator: "; "))")
        } catch {
            switch error {
            case .invalid(let diagnostics):
                let problems = DiagnosticChecks.problems(in: diagnostics, file: file, text: text)
                return problems.isEmpty ? .refused : .violation(problems.joined(separator: "; "))
            case .file(.notYAML(let location, let problem)):
                let lineCount = text.split(separator: "\n", omittingEmptySubsequences: false).count
                let problems = DiagnosticChecks.locationProblems(location, file: file, lineCount: lineCount)
                    + (problem.isEmpty ? ["notYAML without a problem"] : [])
                return problems.isEmpty ? .refused : .violation(problems.joined(separator: "; "))
            case .file(let error):
                return error.description.isEmpty ? .violation("file error without a message") : .refused
            }
        }
    }
}
