import Foundation
import Testing

/// The core must stay pure (DESIGN.md, "a pure core, thin shells"): these checks read the
/// core's sources and fail on any import of an I/O module or any clock, randomness or
/// file-system call, so a violation is caught in review rather than in a simulation that
/// silently stops being deterministic.
struct CorePurityTests {
    static let coreDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/RegionCore")

    static let allowedImports: Set<String> = ["Foundation", "Crypto", "Yams", "Collections", "DequeModule", "OrderedCollections", "HeapModule"]

    /// Calls that read the clock, draw randomness or touch the outside world.
    static let forbiddenCalls = [
        "Date()", "Date.now", ".random(", "SystemRandomNumberGenerator", "FileManager", "FileHandle",
        "ProcessInfo", "DispatchQueue", "Thread.", "URLSession", "contentsOfFile", "contentsOf: URL",
        "ContinuousClock", "SuspendingClock", "Task.sleep", "getenv", "fopen",
    ]

    static func coreSources() throws -> [(path: String, text: String)] {
        let enumerator = try #require(FileManager.default.enumerator(at: coreDirectory, includingPropertiesForKeys: nil))
        return try enumerator.compactMap { $0 as? URL }
            .filter { $0.pathExtension == "swift" }
            .sorted { $0.path < $1.path }
            .map { ($0.path, try String(contentsOf: $0, encoding: .utf8)) }
    }

    @Test func coreImportsNoIOModule() throws {
        let sources = try Self.coreSources()
        #expect(!sources.isEmpty)
        for (path, text) in sources {
            for line in text.split(separator: "\n") {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                guard trimmed.hasPrefix("import ") || trimmed.contains(" import ") && trimmed.hasPrefix("@") else { continue }
                let module = trimmed.split(separator: " ").last.map(String.init) ?? ""
                #expect(Self.allowedImports.contains(module), "\(path): RegionCore must not import \(module)")
            }
        }
    }

    @Test func coreReadsNoClockAndDrawsNoRandomness() throws {
        for (path, text) in try Self.coreSources() {
            for call in Self.forbiddenCalls {
                #expect(!text.contains(call), "\(path): RegionCore must not use \(call); pass time and randomness in")
            }
        }
    }
}
