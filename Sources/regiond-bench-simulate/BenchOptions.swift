/// The benchmark's command line.
struct BenchOptions {
    /// The repository root: where `regions.yaml` and `simulations/` are.
    var root = "."
    var runs = 1000
    /// Length of the long scenario (24 in the issue; shorter for a quick look, 0 to skip it
    /// and measure only the Monte-Carlo runs, for instance under a profiler).
    var hours = 24
    /// When set, only write every shipped scenario's outcome here (see `ScenarioSnapshots`).
    var snapshotDirectory: String?

    init(arguments: [String]) throws(BenchUsageError) {
        var rest = arguments[...]
        while let flag = rest.popFirst() {
            guard let value = rest.popFirst() else { throw .missingValue(flag) }
            switch flag {
            case "--root": root = value
            case "--runs": runs = try Self.positive(value, flag)
            case "--hours": hours = try Self.whole(value, flag)
            case "--snapshot": snapshotDirectory = value
            default: throw .unknownOption(flag)
            }
        }
    }

    private static func positive(_ text: String, _ flag: String) throws(BenchUsageError) -> Int {
        guard let value = Int(text), value > 0 else { throw .notPositive(flag, text) }
        return value
    }

    private static func whole(_ text: String, _ flag: String) throws(BenchUsageError) -> Int {
        guard let value = Int(text), value >= 0 else { throw .negative(flag, text) }
        return value
    }
}

/// A command line the benchmark cannot run with.
enum BenchUsageError: Error, CustomStringConvertible {
    case missingValue(String)
    case unknownOption(String)
    case notPositive(String, String)
    case negative(String, String)

    var description: String {
        let usage = "usage: regiond-bench-simulate [--root REPO] [--runs N] [--hours H] [--snapshot DIR]"
        return switch self {
        case .missingValue(let flag): "\(flag) needs a value; \(usage)"
        case .unknownOption(let flag): "unknown option \(flag); \(usage)"
        case .notPositive(let flag, let text): "\(flag) takes a positive whole number, not \(text)"
        case .negative(let flag, let text): "\(flag) takes a whole number (0 or more), not \(text)"
        }
    }
}
