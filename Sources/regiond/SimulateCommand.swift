import ArgumentParser
import Foundation
import RegionCore
import RegionSimulation

/// `regiond simulate`: rehearse a failover scenario against the real decision code.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Run a failover scenario (simulations/*.yaml) in a deterministic simulated world.",
        discussion: """
            The real decision core (health, quorum, failover planning, versions,
            residency, tier batching) runs against a simulated network, databases, DNS
            provider and resolvers with a virtual clock. The same scenario and seed give
            the same result, bit for bit.

            Exit status: 0 when every expectation holds, 1 when one fails, 2 when the
            scenario (or the regions.yaml it names) is invalid.
            """
    )

    @Argument(help: "The scenario file, e.g. simulations/seoul-outage.yaml.")
    var scenario: String

    @Flag(help: "Print the metrics, expectations and timeline as JSON.")
    var json = false

    @Option(name: .customLong("report"), help: "Also write a self-contained HTML report with an SVG timeline to this file.")
    var reportPath: String?

    @Option(help: "Run this many seeds (from the scenario's seed upward) and print the distribution of every metric.")
    var runs: Int?

    @Option(help: "Override the scenario's seed.")
    var seed: UInt64?

    @Option(help: "Parallel simulations for --runs (default: the number of cores).")
    var parallelism: Int = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        if let runs, runs < 1 { throw ValidationError("--runs must be at least 1") }
        if parallelism < 1 { throw ValidationError("--parallelism must be at least 1") }
    }

    func run() async throws {
        var loaded: Scenario
        do {
            loaded = try ScenarioParser.standard.load(path: scenario)
        } catch {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode(2)
        }
        if let seed { loaded = loaded.withSeed(seed) }

        do {
            if let runs {
                let results = try await Simulator.monteCarlo(loaded, runs: runs, parallelism: parallelism)
                let summary = MonteCarloSummary(results)
                print(summary.rendered, terminator: "")
                if let reportPath, let first = results.first { try writeReport(first, to: reportPath) }
                throw ExitCode(summary.failedRuns == 0 ? 0 : 1)
            }
            let result = try Simulator.run(loaded)
            print(json ? JSONReport.render(result) : TextReport.render(result), terminator: "")
            if let reportPath { try writeReport(result, to: reportPath) }
            throw ExitCode(result.passed ? 0 : 1)
        } catch let error as SimulationError {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode(2)
        }
    }

    private func writeReport(_ result: SimulationResult, to path: String) throws {
        do {
            try HTMLReport.render(result).write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw ValidationError("cannot write the report to \(path): \(error.localizedDescription)")
        }
    }
}
