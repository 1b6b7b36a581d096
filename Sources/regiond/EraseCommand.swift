import ArgumentParser
import Foundation
import Logging
import RegionAgent
import RegionAudit
import RegionCore
import RegionIntegrity
import RegionNet

/// `regiond erase --region R --table T --key K`: a GDPR / PIPA erasure request for one row.
struct EraseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "erase",
        abstract: "Erase one row everywhere it may reside (GDPR / PIPA requests).",
        discussion: """
            Deletes the row in the given region through regiond's capture: the delete
            becomes a tombstone (key and version only, none of the erased data) that
            replication carries to every region the row's residency class allowed. The
            request is recorded in the region's residency log with a digest of the key.
            Run it for a region that holds the row (its home region under the residency
            rules). For composite primary keys pass --key once per key column, in key order.

            By default the request goes to the region's agent (POST /v1/erase at its
            agent_url, signed with the cluster key), which erases and records it. With
            --direct the command opens the region's database itself and records the
            erasure in --audit-log.
            """)

    @OptionGroup var options: ConfigOptions
    @Option(help: "The region whose database holds the row.") var region: String
    @Option(help: "The table as named in regions.yaml.") var table: String
    @Option(help: "A primary-key value; repeat for composite keys, in key order.") var key: [String]
    @Flag(help: "Open the region's database directly instead of asking its agent.") var direct = false
    @Option(help: ArgumentHelp(
        "With --direct: the region's residency log directory, where the erasure is recorded.",
        discussion: "A running agent locks its residency log directory: while the region's agent runs, leave out --direct and let the agent erase and record.", valueName: "directory"))
    var auditLog: String?

    func validate() throws {
        if direct && auditLog == nil { throw ValidationError("--direct needs --audit-log: the region's residency log must record the erasure") }
        if !direct && auditLog != nil { throw ValidationError("--audit-log is for --direct; the agent records the erasure in its own residency log") }
    }

    func run() async throws {
        let logger = Logger(label: "regiond.erase")
        let config = try options.load().config
        guard config.region(RegionName(region)) != nil else { throw RegionDatabaseConnection.unknownRegion(region, in: config) }
        let reply = direct ? try await eraseDirectly(config: config, logger: logger) : try await eraseThroughAgent(config: config, logger: logger)
        guard reply.rows > 0 else {
            print("no row of \(table) with that key in \(region); nothing erased (recorded). Run the request for the region that holds the row.")
            return
        }
        let destinations = reply.replicatedTo.isEmpty ? "no other region" : reply.replicatedTo.map(\.rawValue).joined(separator: ", ")
        print("erased 1 row of \(table) in \(region) (class \(reply.className ?? "undetermined")); its tombstone replicates to \(destinations)")
    }

    private func eraseDirectly(config: RegionsConfig, logger: Logger) async throws -> ErasureReply {
        let connection = try await RegionDatabaseConnection.open(config: config, region: region, logger: logger)
        let log = try ResidencyLog(directory: auditLog ?? "", logger: logger)
        let eraser = Eraser(config: config, region: RegionName(region), connection: connection, log: log, logger: logger)
        let result: ErasureResult
        do {
            result = try await eraser.erase(table: table, key: RowKey(key), at: .wallClock())
        } catch {
            await connection.close()
            throw error
        }
        await connection.close()
        return ErasureReply(region: RegionName(region), table: table, rows: result.rows, className: result.className, replicatedTo: result.replicatedTo)
    }

    private func eraseThroughAgent(config: RegionsConfig, logger: Logger) async throws -> ErasureReply {
        let keys: ClusterKeyring
        do {
            keys = try ClusterKeyLoader.load(config.security)
        } catch {
            throw ValidationError("\(error); or pass --direct --audit-log DIR to erase through the database")
        }
        let http = try HTTPClient(logger: logger)
        let requester = "\(ProcessInfo.processInfo.environment["USER"] ?? "unknown")@\(ProcessInfo.processInfo.hostName)"
        let request = ErasureRequest(table: table, key: RowKey(key), requestedBy: requester)
        do {
            let reply = try await ErasureClient(config: config, keys: keys, http: http, logger: logger).erase(request, in: RegionName(region))
            await http.shutdown()
            return reply
        } catch {
            await http.shutdown()
            throw error
        }
    }
}
