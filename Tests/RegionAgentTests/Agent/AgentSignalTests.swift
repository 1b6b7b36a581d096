import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Logging
import RegionAudit
import RegionPostgres
import RegionTestSupport
import Testing

/// The real `regiond agent` program receiving real signals, as systemd or Kubernetes send
/// them: SIGHUP with a broken file keeps the running configuration, SIGHUP with a valid
/// change applies it and records it, SIGTERM stops the process cleanly with a verifiable
/// residency log.
@Suite("regiond agent process signals", .serialized)
struct AgentSignalTests {
    @Test(.timeLimit(.minutes(3)))
    func sighupRefusesABrokenFileAppliesAValidOneAndSigtermStopsCleanly() async throws {
        let logger = Logger(label: "test.signals")
        let database = try await LocalPostgresCluster.start(logger: logger)
        defer { database.stop() }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("regiond-signals-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let ports = Dictionary(uniqueKeysWithValues: TestDeployment.regions.map { ($0, FreePort.allocate()) })
        let deployment = TestDeployment(directory: directory, agentPorts: ports, databasePorts: ["seoul": database.port])
        try deployment.write()
        let connection = try await PostgresConnection.connect(to: database.connectionString(), logger: logger)
        try await connection.execute("CREATE TABLE IF NOT EXISTS users (id bigint PRIMARY KEY, country text, name text)")
        try await SchemaInstaller(config: try deployment.load(), region: "seoul", logger: logger).install(using: connection)
        await connection.close()

        let agent = try RegiondChildProcess(
            arguments: ["agent", "--config", deployment.configPath, "--region", "seoul", "--audit-dir", deployment.auditDirectory("seoul")],
            directory: directory)
        defer { agent.terminateIfRunning() }
        // Signal handlers are installed once the services run, which /healthz answering shows.
        try await agent.waitUntilHealthy(url: URL(string: "http://127.0.0.1:\(ports["seoul"] ?? 0)/healthz")!)

        try deployment.yaml.replacingOccurrences(of: "interval: 500ms", with: "interval: often")
            .write(toFile: deployment.configPath, atomically: true, encoding: .utf8)
        agent.signal(SIGHUP)
        try await agent.waitForOutput("configuration reload refused")
        #expect(agent.isRunning)

        try deployment.yaml.replacingOccurrences(of: "  interval: 500ms", with: "  interval: 700ms")
            .write(toFile: deployment.configPath, atomically: true, encoding: .utf8)
        agent.signal(SIGHUP)
        try await agent.waitForOutput("configuration reloaded")

        agent.signal(SIGTERM)
        let status = try await agent.waitForExit()
        #expect(status == 0, "\(agent.output)")
        #expect(agent.output.contains("agent stopped"))

        let records = try ResidencyLogReader(directory: deployment.auditDirectory("seoul")).records()
        #expect(records.contains { $0.event.kind == .configChange })
        let verify = try RegiondExecutable().run(["audit", "verify", deployment.auditDirectory("seoul")])
        #expect(verify.status == 0, "\(verify.all)")
    }
}

/// A `regiond` child process whose combined output is collected in a file.
private final class RegiondChildProcess: @unchecked Sendable {
    private let process = Process()
    private let outputURL: URL

    init(arguments: [String], directory: URL) throws {
        outputURL = directory.appendingPathComponent("agent.out")
        guard FileManager.default.createFile(atPath: outputURL.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: outputURL.path])
        }
        let handle = try FileHandle(forWritingTo: outputURL)
        process.executableURL = try RegiondExecutable().url
        process.arguments = arguments
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
    }

    var isRunning: Bool { process.isRunning }
    var output: String { (try? String(contentsOf: outputURL, encoding: .utf8)) ?? "" }

    func signal(_ signal: Int32) { kill(process.processIdentifier, signal) }

    func terminateIfRunning() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    func waitForOutput(_ text: String, within limit: Duration = .seconds(60)) async throws {
        let deadline = ContinuousClock.now + limit
        while !output.contains(text) {
            guard process.isRunning else { throw WaitTimedOut(what: "'\(text)': the agent exited; output:\n\(output)") }
            guard ContinuousClock.now < deadline else { throw WaitTimedOut(what: "'\(text)' in the agent's output:\n\(output)") }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    func waitUntilHealthy(url: URL, within limit: Duration = .seconds(60)) async throws {
        let deadline = ContinuousClock.now + limit
        while true {
            if let (_, response) = try? await URLSession.shared.data(from: url),
               (response as? HTTPURLResponse)?.statusCode == 200 { return }
            guard process.isRunning else { throw WaitTimedOut(what: "/healthz: the agent exited; output:\n\(output)") }
            guard ContinuousClock.now < deadline else { throw WaitTimedOut(what: "/healthz to answer 200; output:\n\(output)") }
            try await Task.sleep(for: .milliseconds(200))
        }
    }

    func waitForExit(within limit: Duration = .seconds(30)) async throws -> Int32 {
        let deadline = ContinuousClock.now + limit
        while process.isRunning {
            guard ContinuousClock.now < deadline else { throw WaitTimedOut(what: "the agent to exit after SIGTERM") }
            try await Task.sleep(for: .milliseconds(100))
        }
        return process.terminationStatus
    }
}
