import Foundation

/// One row of the figures table `scripts/chaos` prints: appended to the file named by
/// `REGIOND_CHAOS_ROWS` when set, and always printed.
struct ChaosFigures {
    var stage: String
    var target: String
    var faults: String
    var writes: Int
    var lost: Int
    var duplicates: Int
    var residencyViolations: Int
    /// "verified/total" residency logs.
    var chains: String
    /// Longest time users of each geo were sent to a region that was down, or to none.
    var unavailability: [String: Duration]
    var seconds: Double

    var row: String {
        let geos = unavailability.sorted { $0.key < $1.key }
            .map { "\($0.key) \(String(format: "%.1f", Double($0.value.components.seconds) + Double($0.value.components.attoseconds) / 1e18))s" }
            .joined(separator: ", ")
        return [stage, target, faults, "\(writes)", "\(lost)", "\(duplicates)", "\(residencyViolations)", chains,
                geos.isEmpty ? "-" : geos, String(format: "%.0f", seconds)].joined(separator: "|")
    }

    func publish() {
        print("chaos figures: \(row)")
        guard let path = ProcessInfo.processInfo.environment["REGIOND_CHAOS_ROWS"],
              let handle = FileHandle(forWritingAtPath: path)
        else { return }
        handle.seekToEndOfFile()
        handle.write(Data((row + "\n").utf8))
        try? handle.close()
    }
}

/// How many faults a test injects: a handful in CI, more when `scripts/chaos` asks.
enum ChaosBudget {
    static func count(_ variable: String, default value: Int) -> Int {
        ProcessInfo.processInfo.environment[variable].flatMap(Int.init) ?? value
    }
}
