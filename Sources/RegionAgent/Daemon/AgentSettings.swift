import Foundation
import RegionCore

/// How one `regiond agent` process is started: the command-line flags, parsed.
public struct AgentSettings: Sendable {
    public var configPath: String
    public var region: RegionName
    /// Where the HTTP server binds; defaults to the host and port of the region's `agent_url`.
    public var listenHost: String?
    public var listenPort: Int?
    /// The residency log directory; defaults to `regiond-audit/<region>` in the working directory.
    public var auditDirectory: String?
    /// Records per residency-log segment before it is closed; nil keeps the log's default.
    /// Fault-injection runs make it small so crashes land while a segment rotates.
    public var auditSegmentRecords: Int?
    /// Trap SIGTERM/SIGINT (graceful stop) and SIGHUP (reload). In-process tests turn it off
    /// and stop agents by cancelling their task.
    public var handlesSignals: Bool

    public init(
        configPath: String, region: RegionName, listenHost: String? = nil, listenPort: Int? = nil,
        auditDirectory: String? = nil, auditSegmentRecords: Int? = nil, handlesSignals: Bool = true
    ) {
        self.configPath = configPath
        self.region = region
        self.listenHost = listenHost
        self.listenPort = listenPort
        self.auditDirectory = auditDirectory
        self.auditSegmentRecords = auditSegmentRecords
        self.handlesSignals = handlesSignals
    }

    /// Parses `--listen HOST:PORT`.
    public static func listenAddress(_ text: String) throws(AgentStartupError) -> (host: String, port: Int) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
              (0...65_535).contains(port), colon != text.startIndex
        else { throw .invalidListenAddress(text) }
        return (String(text[..<colon]), port)
    }

    /// The host and port of an `agent_url` such as `http://127.0.0.1:7101`.
    static func listenAddress(ofAgentURL url: String) -> (host: String, port: Int)? {
        guard let components = URLComponents(string: url), let host = components.host, !host.isEmpty else { return nil }
        return (host, components.port ?? (components.scheme == "https" ? 443 : 80))
    }
}
