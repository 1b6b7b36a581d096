import Foundation
import RegionTestSupport
import RegionNet

/// A real PowerDNS Authoritative server (Debian `pdns-server` with the gsqlite3 backend)
/// on free 127.0.0.1 ports with LUA records and EDNS client subnet enabled, its database
/// and configuration in a temporary directory removed by `remove()`.
/// `stop()` and `start()` simulate an outage; the database survives them.
final class PowerDNSServer: @unchecked Sendable {
    static let executable = "/usr/sbin/pdns_server"
    static let schema = "/usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql"

    static var isInstalled: Bool {
        FileManager.default.isExecutableFile(atPath: executable) && FileManager.default.fileExists(atPath: schema)
            && FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3") && FileManager.default.isExecutableFile(atPath: "/usr/bin/dig")
    }

    let dnsPort = FreePort.allocate()
    let apiPort = FreePort.allocate()
    let apiKey = "test-\(UUID().uuidString)"
    let directory: URL
    private var process: Process?

    var apiURL: String { "http://127.0.0.1:\(apiPort)" }

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("regiond-pdns-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Self.run("/usr/bin/sqlite3", [database.path, ".read \(Self.schema)"])
    }

    private var database: URL { directory.appendingPathComponent("pdns.sqlite3") }

    /// Starts the server and returns once its API answers.
    func start(client: HTTPClient) async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.executable)
        process.arguments = [
            "--local-address=127.0.0.1", "--local-port=\(dnsPort)",
            "--webserver=yes", "--webserver-address=127.0.0.1", "--webserver-port=\(apiPort)",
            "--webserver-allow-from=127.0.0.0/8", "--api=yes", "--api-key=\(apiKey)",
            "--enable-lua-records=yes", "--edns-subnet-processing=yes",
            "--config-dir=\(directory.path)", "--socket-dir=\(directory.path)",
            "--guardian=no", "--daemon=no", "--disable-syslog=yes", "--loglevel=3",
            "--launch=gsqlite3", "--gsqlite3-database=\(database.path)",
        ]
        let log = FileHandle(forWritingAtPath: logPath) ?? FileHandle.nullDevice
        process.standardOutput = log
        process.standardError = log
        try process.run()
        self.process = process
        for _ in 0..<100 {
            if await apiAnswers(client) { return }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        stop()
        throw ServerError.didNotStart(log: (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "")
    }

    private var logPath: String {
        let path = directory.appendingPathComponent("pdns.log").path
        if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
        return path
    }

    private func apiAnswers(_ client: HTTPClient) async -> Bool {
        let request = HTTPRequest(url: "\(apiURL)/api/v1/servers/localhost", headers: [HTTPHeader("X-API-Key", apiKey)], timeout: .seconds(1))
        return (try? await client.execute(request))?.status == 200
    }

    func stop() {
        guard let process, process.isRunning else { return }
        // SIGKILL: children inherit the test runner's blocked SIGTERM. For PowerDNS this is
        // also the harsher outage: no clean shutdown.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        self.process = nil
    }

    func remove() {
        stop()
        try? FileManager.default.removeItem(at: directory)
    }

    deinit { remove() }

    /// The A answers for `name` as seen by a resolver that forwards `clientSubnet`, sorted.
    func resolve(_ name: String, clientSubnet: String) throws -> [String] {
        let output = try Self.run("/usr/bin/dig", ["@127.0.0.1", "-p", "\(dnsPort)", name, "A", "+subnet=\(clientSubnet)", "+short", "+tries=1", "+time=2"])
        return output.split(separator: "\n").map(String.init).sorted()
    }

    /// The TTLs of the A answers for `name`, as resolvers would cache them.
    func answerTTLs(_ name: String, clientSubnet: String) throws -> [Int] {
        let output = try Self.run("/usr/bin/dig", ["@127.0.0.1", "-p", "\(dnsPort)", name, "A", "+subnet=\(clientSubnet)", "+noall", "+answer", "+tries=1", "+time=2"])
        return output.split(separator: "\n").compactMap { line in
            let fields = line.split(whereSeparator: \.isWhitespace)
            return fields.count > 1 ? Int(fields[1]) : nil
        }
    }

    enum ServerError: Error, CustomStringConvertible {
        case didNotStart(log: String)
        case commandFailed(String)
        var description: String {
            switch self {
            case .didNotStart(let log): "pdns_server did not start: \(log)"
            case .commandFailed(let detail): detail
            }
        }
    }

    @discardableResult
    private static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard process.terminationStatus == 0 else {
            throw ServerError.commandFailed("\(executable) \(arguments.joined(separator: " ")) failed: \(text)")
        }
        return text
    }
}
