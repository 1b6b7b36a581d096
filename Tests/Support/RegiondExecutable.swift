import Foundation

/// The built `regiond` program, run as an operator would. Test targets cannot depend on an
/// executable, so it is looked up in the build directory: beside the test bundle, or in
/// `.build/debug` of the repository.
public struct RegiondExecutable: Sendable {
    public struct Output: Sendable {
        public var status: Int32
        public var standardOutput: String
        public var standardError: String

        public var all: String { standardOutput + standardError }
    }

    public struct NotBuilt: Error, CustomStringConvertible {
        public var candidates: [String]
        public var description: String { "regiond is not built; run 'swift build' first (looked in \(candidates))" }
    }

    public static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public let url: URL

    public init() throws {
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [
            besideTests.appendingPathComponent("regiond"),
            besideTests.deletingLastPathComponent().appendingPathComponent("regiond"),
            Self.repositoryRoot.appendingPathComponent(".build/debug/regiond"),
        ]
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw NotBuilt(candidates: candidates.map(\.path))
        }
        url = found
    }

    /// Runs `regiond` with `environment` added to this process's environment. Standard error
    /// is drained on another thread so a chatty command cannot fill its pipe and stall.
    public func run(
        _ arguments: [String], in directory: URL = RegiondExecutable.repositoryRoot, environment: [String: String] = [:]
    ) throws -> Output {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let errorReader = PipeReader(error.fileHandleForReading)
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errorReader.wait()
        process.waitUntilExit()
        return Output(
            status: process.terminationStatus, standardOutput: String(decoding: outputData, as: UTF8.self),
            standardError: String(decoding: errorData, as: UTF8.self))
    }
}

/// Reads a pipe to its end on a background thread.
private final class PipeReader: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}
