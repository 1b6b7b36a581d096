import Foundation
import Testing

/// Runs the built `regiond` executable as a user would.
///
/// The test target does not depend on the executable, so it is found in the build
/// directory: next to the test bundle, or in `.build/debug` of the repository.
struct RegiondBinary {
    struct Result {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    let url: URL

    init() throws {
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [
            besideTests.appendingPathComponent("regiond"),
            besideTests.deletingLastPathComponent().appendingPathComponent("regiond"),
            Self.repositoryRoot.appendingPathComponent(".build/debug/regiond"),
        ]
        url = try #require(
            candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) },
            "regiond is not built; run 'swift build' first (looked in \(candidates.map(\.path)))")
    }

    func run(_ arguments: [String], in directory: URL = RegiondBinary.repositoryRoot) throws -> Result {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, standardOutput: String(decoding: outputData, as: UTF8.self),
            standardError: String(decoding: errorData, as: UTF8.self))
    }
}

/// A temporary directory; call `remove()` (in a `defer`) when done with it.
struct TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("regiond-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func write(_ text: String, to name: String) throws -> URL {
        let file = url.appendingPathComponent(name)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    func remove() { try? FileManager.default.removeItem(at: url) }
}
