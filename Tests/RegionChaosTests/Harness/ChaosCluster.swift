import Foundation
import Logging
import RegionCore
import RegionNet
import RegionTestSupport

/// Three regions on this machine, each a real PostgreSQL cluster and a real `regiond agent`
/// process (so `kill -9` is real), installed with `regiond install` as an operator would.
///
/// With `proxied`, every direction between two agents runs through its own `FaultProxy`
/// (`proxies[Link]`), which the network tests partition, slow down and make lossy.
final class ChaosCluster: @unchecked Sendable {
    // @unchecked: `agents` is mutated only by the test's own task, sequentially.
    let deployment: ChaosDeployment
    let databases: [RegionName: RegionDatabase]
    let proxies: [Link: FaultProxy]
    let http: HTTPClient
    let logger: Logger
    private let regiond: RegiondExecutable
    private let segmentRecords: Int
    private var agents: [RegionName: ChildProcess] = [:]
    /// Agent processes started, including restarts.
    private(set) var agentStarts = 0

    private init(
        deployment: ChaosDeployment, databases: [RegionName: RegionDatabase], proxies: [Link: FaultProxy], http: HTTPClient,
        regiond: RegiondExecutable, segmentRecords: Int, logger: Logger
    ) {
        self.deployment = deployment
        self.databases = databases
        self.proxies = proxies
        self.http = http
        self.regiond = regiond
        self.segmentRecords = segmentRecords
        self.logger = logger
    }

    /// Starts the databases, installs regiond in each and starts the three agents.
    ///
    /// - Parameter segmentRecords: residency-log records per segment; small values make
    ///   segments rotate every few batches, so kills land during rotation too.
    static func start(
        dns: ChaosDeployment.DNS = .file, proxied: Bool = false, segmentRecords: Int = 4, secrets: ChaosSecrets = ChaosSecrets()
    ) async throws -> ChaosCluster {
        var logger = Logger(label: "test.chaos")
        logger.logLevel = .warning
        let regiond = try RegiondExecutable()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("regiond-chaos-\(UUID().uuidString)")
        async let seoul = RegionDatabase.start(logger: logger)
        async let singapore = RegionDatabase.start(logger: logger)
        async let tokyo = RegionDatabase.start(logger: logger)
        let databases: [RegionName: RegionDatabase] = ["seoul": try await seoul, "singapore": try await singapore, "tokyo": try await tokyo]
        let agentPorts = Dictionary(uniqueKeysWithValues: ChaosDeployment.regions.map { ($0, FreePort.allocate()) })
        var proxies: [Link: FaultProxy] = [:]
        if proxied {
            for (index, link) in Link.all.enumerated() {
                proxies[link] = try FaultProxy(targetPort: agentPorts[link.to] ?? 0, seed: UInt64(index + 1))
            }
        }
        let deployment = ChaosDeployment(
            directory: directory, agentPorts: agentPorts, databasePorts: databases.mapValues(\.port), dns: dns,
            routes: proxies.mapValues(\.port), secrets: secrets)
        try deployment.write()
        let cluster = ChaosCluster(
            deployment: deployment, databases: databases, proxies: proxies, http: try HTTPClient(logger: logger), regiond: regiond,
            segmentRecords: segmentRecords, logger: logger)
        do {
            for region in ChaosDeployment.regions {
                try await databases[region]?.execute(ChaosDeployment.applicationSchema)
                try cluster.runRegiond(["install", "--config", deployment.operatorConfigPath, "--region", region.rawValue])
            }
            for region in ChaosDeployment.regions { try cluster.startAgent(region) }
            for region in ChaosDeployment.regions { try await cluster.waitReady(region) }
        } catch {
            await cluster.tearDown()
            throw error
        }
        return cluster
    }

    /// Runs `regiond` to completion; throws with its output when it fails.
    @discardableResult
    func runRegiond(_ arguments: [String]) throws -> RegiondExecutable.Output {
        let output = try regiond.run(arguments, environment: ["REGIOND_PDNS_API_KEY": deployment.secrets.dnsAPIKey])
        guard output.status == 0 else { throw ChaosHarnessError.commandFailed("regiond \(arguments.joined(separator: " "))", output: output.all) }
        return output
    }

    /// Everything `regiond` printed, whether it succeeded or not (for leak checks).
    func regiondOutput(_ arguments: [String]) throws -> String {
        try regiond.run(arguments, environment: ["REGIOND_PDNS_API_KEY": deployment.secrets.dnsAPIKey]).all
    }

    func startAgent(_ region: RegionName) throws {
        let port = deployment.agentPorts[region] ?? 0
        agents[region] = try ChildProcess.spawn(
            [
                regiond.url.path, "agent", "--config", deployment.configPath(of: region), "--region", region.rawValue,
                "--listen", "127.0.0.1:\(port)", "--audit-dir", deployment.auditDirectory(region),
                "--audit-segment-records", "\(segmentRecords)",
            ],
            environment: ["REGIOND_PDNS_API_KEY": deployment.secrets.dnsAPIKey], logPath: deployment.agentLogPath(region))
        agentStarts += 1
    }

    /// Puts `fault` on each of `links` (a proxied cluster only).
    func set(_ fault: LinkFault, on links: [Link]) {
        for link in links { proxies[link]?.set(fault) }
    }

    /// `kill -9` of the region's agent: no flush, no goodbye.
    func killAgent(_ region: RegionName) {
        agents.removeValue(forKey: region)?.stop(with: SIGKILL)
    }

    func isAgentRunning(_ region: RegionName) -> Bool { agents[region]?.isRunning ?? false }

    /// Waits until the agent answers `/readyz` with 200.
    func waitReady(_ region: RegionName, timeout: Duration = .seconds(45)) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if (try? await get("/readyz", from: region))?.status == 200 { return }
            guard isAgentRunning(region) else { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw ChaosHarnessError.timedOut("agent \(region) ready", detail: String(agentLog(region).suffix(3_000)))
    }

    func get(_ path: String, from region: RegionName) async throws -> HTTPResponse {
        try await http.execute(HTTPRequest(url: "http://127.0.0.1:\(deployment.agentPorts[region] ?? 0)\(path)", timeout: .seconds(3)))
    }

    func agentLog(_ region: RegionName) -> String {
        (try? String(contentsOfFile: deployment.agentLogPath(region), encoding: .utf8)) ?? ""
    }

    /// SIGTERM to every agent (in-flight batches are flushed), SIGKILL after 10 s.
    func stopAgents() async {
        for (_, agent) in agents { await agent.terminate() }
        agents = [:]
    }

    /// `regiond audit verify` of every region's residency log that holds records (a region
    /// that shipped, received and published nothing has no log to verify).
    func verifyResidencyLogs() throws -> [RegionName: RegiondExecutable.Output] {
        var outputs: [RegionName: RegiondExecutable.Output] = [:]
        for region in ChaosDeployment.regions {
            let directory = deployment.auditDirectory(region)
            let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            guard files.contains(where: { $0.hasPrefix("segment-") }) else { continue }
            outputs[region] = try regiond.run(["audit", "verify", directory])
        }
        return outputs
    }

    /// Stops everything this cluster started and removes its files.
    func tearDown() async {
        for (_, agent) in agents { agent.stop(with: SIGKILL) }
        agents = [:]
        for proxy in proxies.values { proxy.close() }
        for database in databases.values { await database.stop() }
        await http.shutdown()
        if ProcessInfo.processInfo.environment["REGIOND_CHAOS_KEEP"] == nil {
            try? FileManager.default.removeItem(at: deployment.directory)
        }
    }
}
