import Foundation
import Testing

/// The built `regiond` program, run as an operator would, with a chosen environment.
///
/// The test target cannot depend on an executable, so it is looked up in the build
/// directory: beside the test bundle, or in `.build/debug` of the repository.
struct RegiondExecutable {
    struct Output {
        var status: Int32
        var standardOutput: String
        var standardError: String

        var all: String { standardOutput + standardError }
    }

    let url: URL

    init() throws {
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [
            besideTests.appendingPathComponent("regiond"),
            besideTests.deletingLastPathComponent().appendingPathComponent("regiond"),
            RepositoryFiles.url(".build/debug/regiond"),
        ]
        url = try #require(
            candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) },
            "regiond is not built; run 'swift build' first (looked in \(candidates.map(\.path)))")
    }

    func run(_ arguments: [String], environment: [String: String]) throws -> Output {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        process.currentDirectoryURL = RepositoryFiles.root
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus, standardOutput: String(decoding: outputData, as: UTF8.self),
            standardError: String(decoding: errorData, as: UTF8.self))
    }
}
