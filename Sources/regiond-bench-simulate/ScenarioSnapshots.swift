import Foundation
import RegionSimulation

/// `--snapshot DIR`: writes every shipped scenario's full outcome (the JSON report, total
/// writes and the lag series) to DIR, one file per scenario, so an optimisation of the
/// simulator can be checked to change no result by diffing two snapshot directories.
enum ScenarioSnapshots {
    static func write(root: String, to directory: String) throws {
        let folder = root + "/simulations"
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".yaml") }.sorted()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for name in names {
            let scenario = try ScenarioParser.standard.load(path: folder + "/" + name)
            let result = try Simulator.run(scenario)
            let path = directory + "/" + name.replacingOccurrences(of: ".yaml", with: ".txt")
            try snapshot(of: result).write(toFile: path, atomically: true, encoding: .utf8)
            print("\(name): \(result.passed ? "passes" : "FAILS its expectations"); \(result.totalWrites) writes")
        }
    }

    private static func snapshot(of result: SimulationResult) -> String {
        let series = result.lagSeries.keys.sorted().map { tier in
            "\(tier): " + (result.lagSeries[tier] ?? []).map { "\($0.atMilliseconds)=\($0.seconds)" }.joined(separator: " ")
        }
        return JSONReport.render(result) + "total_writes \(result.totalWrites)\n" + series.joined(separator: "\n") + "\n"
    }
}
