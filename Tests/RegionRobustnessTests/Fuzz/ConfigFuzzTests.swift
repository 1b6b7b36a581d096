import RegionCore
import Testing

/// regions.yaml is written by hand and rolled out to every agent: a damaged file must be
/// refused with a located error, never crash or hang an agent, and never be accepted in a
/// state the validator exists to prevent.
struct ConfigFuzzTests {
    static let file = "regions.yaml"

    @Test func mutatedRegionsYAMLIsRefusedWithLocatedErrorsOrStillValid() throws {
        let original = try RepositoryFiles.text("regions.yaml")
        let report = FuzzCampaign(target: "config").run { random in
            Self.verdict(for: YAMLMutator.mutate(original, using: &random))
        }
        #expect(report.failures.isEmpty, "\(report.failures)")
        #expect(report.coversBothOutcomes, "the generator must produce both valid and invalid files")
    }

    static func verdict(for text: String) -> FuzzVerdict {
        do {
            let loaded = try RegionsConfigLoader.parse(yaml: text, file: file)
            let violations = AcceptedConfigInvariants.violations(of: loaded.config)
            return violations.isEmpty ? .accepted : .violation("accepted a config that breaks: \(violations.joined(separator: "; "))")
        } catch let error as ConfigValidationError {
            let problems = DiagnosticChecks.problems(in: error.diagnostics, file: file, text: text)
            return problems.isEmpty ? .refused : .violation(problems.joined(separator: "; "))
        } catch let error as ConfigFileError {
            guard case .notYAML(let location, let problem) = error else { return .violation("unexpected \(error)") }
            let lineCount = text.split(separator: "\n", omittingEmptySubsequences: false).count
            let problems = DiagnosticChecks.locationProblems(location, file: file, lineCount: lineCount)
                + (problem.trimmingWhitespace().isEmpty ? ["notYAML without a problem"] : [])
            return problems.isEmpty ? .refused : .violation(problems.joined(separator: "; "))
        } catch {
            return .violation("threw \(type(of: error)), which the CLI cannot map to an exit code: \(error)")
        }
    }
}
