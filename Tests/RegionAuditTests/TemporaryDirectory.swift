import Foundation
import Logging

/// A fresh directory under the system temp dir, removed when the test's scope ends.
final class TemporaryDirectory {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "regiond-audit-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String) -> String { path + "/" + name }

    func read(_ name: String) throws -> [UInt8] { Array(try Data(contentsOf: URL(fileURLWithPath: file(name)))) }

    func write(_ bytes: [UInt8], to name: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: file(name)))
    }

    func remove(_ name: String) throws { try FileManager.default.removeItem(atPath: file(name)) }

    func files() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: path).sorted() }
}

/// Collects log messages so tests can check what an operator would see.
final class RecordingLogHandler: LogHandler, @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [(Logger.Level, String)] = []
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    var messages: [(Logger.Level, String)] { lock.withLock { storage } }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        lock.withLock { storage.append((event.level, event.message.description)) }
    }

    func logger() -> Logger {
        Logger(label: "test") { _ in self }
    }
}
