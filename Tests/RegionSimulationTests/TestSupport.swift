import Foundation
import RegionCore
@testable import RegionSimulation

/// Paths of the repository the tests run in.
enum Repository {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let simulations = root.appendingPathComponent("simulations")
    static let regionsYAML = root.appendingPathComponent("regions.yaml").path

    static let shippedScenarios = [
        "seoul-outage", "partition-minority", "double-failure", "flapping-region",
        "dns-provider-outage", "clock-skew", "frankfurt-launch", "planned-drain",
    ]

    static func scenarioPath(_ name: String) -> String {
        simulations.appendingPathComponent("\(name).yaml").path
    }
}

/// Writes scenario text to a fresh temporary file and removes it afterwards.
func withScenarioFile<T>(_ text: String, _ body: (String) throws -> T) throws -> T {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("regiond-sim-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("scenario.yaml").path
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return try body(path)
}

extension Scenario {
    /// The same scenario at a fraction of its write load: the decisions under test do not
    /// depend on volume, and debug-built test runs stay quick (the benchmark runs full load).
    func scaledLoad(_ factor: Double) -> Scenario {
        var copy = self
        copy.load.writesPerSecond = copy.load.writesPerSecond.mapValues { $0 * factor }
        copy.load.keysPerRegion = max(1_000, Int(Double(copy.load.keysPerRegion) * factor))
        return copy
    }
}
