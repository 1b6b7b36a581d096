import Foundation
import RegionCore
import RegionSimulation
import Testing

/// Found by ConfigFuzzTests: a "billion laughs" document (aliases of aliases) made the
/// inline-secret scan walk 10^12 values, so `regiond check` never returned. YAMLDocument now
/// refuses documents that expand past `maxExpandedValues`, for every file regiond reads.
struct AliasBombRegressionTests {
    static let bomb = YAMLMutator.aliasBomb(depth: 12, width: 10)

    @Test func configWithAnAliasBombIsRefusedAsNotYAML() throws {
        let text = Self.bomb + (try RepositoryFiles.text("regions.yaml"))
        let error = #expect(throws: ConfigFileError.self) {
            _ = try RegionsConfigLoader.parse(yaml: text, file: "regions.yaml")
        }
        guard case .notYAML(let location, let problem)? = error else { return }
        #expect(location.file == "regions.yaml")
        #expect(problem.contains("aliases"))
    }

    @Test func scenarioWithAnAliasBombIsRefusedAsNotYAML() throws {
        let parser = ScenarioParser { _ throws(ScenarioLoadError) in
            throw .file(.unreadable(path: "regions.yaml", reason: "the bomb must be refused before the config is read"))
        }
        let text = Self.bomb + (try RepositoryFiles.text("simulations/seoul-outage.yaml"))
        let error = #expect(throws: ScenarioLoadError.self) {
            _ = try parser.parse(text, file: "seoul-outage.yaml", directory: "simulations")
        }
        guard case .file(.notYAML(_, let problem))? = error else {
            Issue.record("expected notYAML, got \(String(describing: error))")
            return
        }
        #expect(problem.contains("aliases"))
    }

    /// Anchors used the ordinary way (one value shared by every region) still work.
    @Test func modestAliasUseIsStillAccepted() throws {
        let parts = try RepositoryFiles.text("regions.yaml").components(separatedBy: "min_tls: \"1.3\"")
        try #require(parts.count > 2)
        let text = parts[0] + "min_tls: &tls \"1.3\"" + parts.dropFirst().joined(separator: "min_tls: *tls")
        let loaded = try RegionsConfigLoader.parse(yaml: text, file: "regions.yaml")
        #expect(loaded.config.regions.allSatisfy { $0.minTLS == "1.3" })
    }
}
