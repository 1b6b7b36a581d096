import Foundation
import RegionCore
import RegionSimulation

/// Benchmark of the simulator (issue 4): a 24-hour, 4-region, 100 writes/s scenario must
/// simulate in under 10 s of wall time, and 1000 Monte-Carlo runs of the 2-hour
/// seoul-outage scenario in under 60 s on this machine's cores.
///
/// Usage: regiond-bench-simulate [--root REPO] [--runs N] [--hours H] [--snapshot DIR]
/// Prints wall time, simulated seconds per wall second, runs per second and PASS/FAIL.
let options: BenchOptions
do {
    options = try BenchOptions(arguments: Array(CommandLine.arguments.dropFirst()))
} catch {
    FileHandle.standardError.write(Data("regiond-bench-simulate: \(error.description)\n".utf8))
    exit(2)
}

do {
    if let directory = options.snapshotDirectory {
        try ScenarioSnapshots.write(root: options.root, to: directory)
        exit(0)
    }
    if options.hours > 0 {
        let day = try BenchScenarios.day(root: options.root, hours: options.hours)
        let dayFigures = try BenchClock.measure { try Simulator.run(day) }
        let simulated = Double(options.hours) * 3600
        let dayTarget = 10.0 * Double(options.hours) / 24
        print("== \(options.hours) h, 4 regions, 100 writes/s: \(dayFigures.value.totalWrites) writes")
        print(
            "wall \(BenchClock.format(dayFigures.seconds)) s; \(BenchClock.format(simulated / dayFigures.seconds)) simulated s per wall s; "
                + "target < \(BenchClock.format(dayTarget)) s: \(dayFigures.seconds < dayTarget ? "PASS" : "FAIL")")
    }
    let outage = try BenchScenarios.seoulOutage(root: options.root)
    let cores = ProcessInfo.processInfo.activeProcessorCount
    let monteCarlo = try await BenchClock.measureAsync {
        try await Simulator.monteCarlo(outage, runs: options.runs, parallelism: cores)
    }
    let failed = monteCarlo.value.filter { !$0.passed }.count
    let mcTarget = 60.0 * Double(options.runs) / 1000
    let mcSimulated = Double(options.runs) * Double(outage.duration.milliseconds) / 1000
    print("== --runs \(options.runs) of seoul-outage (2 h, 100 writes/s) on \(cores) cores: \(failed) runs failed expectations")
    print(
        "wall \(BenchClock.format(monteCarlo.seconds)) s; \(BenchClock.format(Double(options.runs) / monteCarlo.seconds)) runs/s; "
            + "\(BenchClock.format(mcSimulated / monteCarlo.seconds)) simulated s per wall s; "
            + "target < \(BenchClock.format(mcTarget)) s: \(monteCarlo.seconds < mcTarget ? "PASS" : "FAIL")")
} catch let error as ScenarioLoadError {
    FileHandle.standardError.write(Data("regiond-bench-simulate: \(error.description)\n".utf8))
    exit(2)
} catch {
    FileHandle.standardError.write(Data("regiond-bench-simulate: \(error)\n".utf8))
    exit(2)
}
