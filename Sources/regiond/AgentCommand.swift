import ArgumentParser
import Logging
import RegionAgent
import RegionCore

/// `regiond agent`: the sidecar daemon of one region.
struct AgentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent",
        abstract: "Run the regiond agent of one region (health, quorum, DNS, replication, residency log).",
        discussion: """
            Probes every region, agrees with the other agents on which are down, publishes
            geo-DNS when it coordinates, replicates its database to its peers and keeps
            the region's residency log. Serves /healthz, /readyz, /metrics, /v1/status,
            /v1/health and the signed peer endpoints on --listen (default: the host and
            port of the region's agent_url).

            Refuses to start when the region is not in regions.yaml, 'regiond install' has
            not run in its database, or the cluster key or DNS credentials are missing.
            SIGTERM stops gracefully; SIGHUP reloads regions.yaml (an invalid file is
            refused and the running configuration kept).

            Example:
              regiond agent --config regions.yaml --region seoul --log-format json
            """)

    @OptionGroup var options: ConfigOptions
    @Option(help: "The region this agent runs in.") var region: String
    @Option(help: ArgumentHelp("Address of the HTTP server (default: from agent_url).", valueName: "host:port"))
    var listen: String?
    @Option(help: "Log lines as text or as one JSON object per line.") var logFormat: AgentLogFormat = .text
    @Option(help: ArgumentHelp("The residency log directory (default: regiond-audit/<region>).", valueName: "directory"))
    var auditDir: String?
    @Option(help: ArgumentHelp("Records per residency-log segment; fault-injection runs set it small to force rotation.", visibility: .hidden))
    var auditSegmentRecords: Int?

    func run() async throws {
        let registry = AgentProcess.bootstrap(logFormat: logFormat)
        var logger = Logger(label: "regiond.agent")
        logger[metadataKey: "region"] = "\(region)"

        let loaded = try options.load()
        var settings = AgentSettings(
            configPath: options.config, region: RegionName(region), auditDirectory: auditDir,
            auditSegmentRecords: auditSegmentRecords)
        do {
            if let listen {
                let address = try AgentSettings.listenAddress(listen)
                settings.listenHost = address.host
                settings.listenPort = address.port
            }
            let daemon = try await AgentDaemon.prepare(config: loaded.config, settings: settings, registry: registry, logger: logger)
            for warning in loaded.warnings { logger.warning("\(warning)") }
            logger.notice("agent starting")
            try await daemon.run()
            logger.notice("agent stopped")
        } catch let error as AgentStartupError {
            StandardError.print("regiond agent: \(error)")
            throw ExitCode(1)
        }
    }
}

extension AgentLogFormat: ExpressibleByArgument {}
