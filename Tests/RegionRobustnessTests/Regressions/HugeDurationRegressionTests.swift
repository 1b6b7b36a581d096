import Foundation
import RegionCore
import Testing

/// Found by ConfigFuzzTests (its "huge number" mutation): `interval: 9223372036854775807ms`
/// parsed, then the failover budget (interval × failure_threshold) overflowed 64-bit
/// milliseconds when the error message formatted it, and `regiond check` crashed with
/// "arithmetic overflow". Durations are now capped at a century with a clear error.
struct HugeDurationRegressionTests {
    static let tooLong = ["9223372036854775807ms", "99999999999999999999s", "36501d", "106751991167300d", "36500d1ms"]

    @Test(arguments: tooLong)
    func overlongIntervalIsRefusedAtItsLine(_ interval: String) throws {
        let original = try RepositoryFiles.text("regions.yaml")
        let text = original.replacingOccurrences(of: "\n  interval: 5s", with: "\n  interval: \(interval)")
        #expect(text != original)
        let line = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix("  interval: \(interval)") }.map { $0 + 1 }
        do {
            _ = try RegionsConfigLoader.parse(yaml: text, file: "regions.yaml")
            Issue.record("accepted interval \(interval)")
        } catch let error as ConfigValidationError {
            let diagnostic = error.errors.first { $0.message.contains("at most 36500d") }
            #expect(diagnostic?.location.line == line, "\(error)")
        }
    }

    @Test func aCenturyIsStillAccepted() throws {
        #expect(ConfigDuration.parse("36500d") == ConfigDuration.maximum)
        #expect(ConfigDuration.parse("36500d1ms") == nil)
        let text = try RepositoryFiles.text("regions.yaml").replacingOccurrences(of: "keep: 365d}", with: "keep: 36500d}")
        let loaded = try RegionsConfigLoader.parse(yaml: text, file: "regions.yaml")
        #expect(loaded.config.retention.contains { $0.keep == ConfigDuration.maximum })
    }
}
