import ArgumentParser
import Foundation
import Logging
import RegionAgent
import RegionAudit
import RegionCore
import RegionIntegrity
import RegionNet
import RegionPostgres

/// `regiond integrity`: compares regions' data on demand.
struct IntegrityCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "integrity",
        abstract: "Compare the rows two regions both may hold, and repair differences.",
        subcommands: [IntegrityCheckCommand.self])
}

/// `regiond integrity check --region R --peer P [--table T] [--repair]`.
struct IntegrityCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Run one integrity check between this region and a peer.",
        discussion: """
            Hashes blocks of rows (by key hash) in both databases, exchanges only the
            digests, and descends into blocks that differ. Only rows both regions may hold
            under the residency rules are compared or shipped; rows changed more recently
            than their tier's lag objective are still in flight and not reported. With
            --repair, the newer version of each differing row is shipped to the other
            region (last-write-wins, tombstones included).

            Opens this region's database ('database' in regions.yaml) and talks to the
            peer's agent (its agent_url) over the signed peer protocol, as the scheduled
            check does: the peer decides what it may answer under the residency rules.
            With --direct, opens the peer's database instead (no agent needed). Exits 3
            when rows still differ afterwards.
            """)

    @OptionGroup var options: ConfigOptions
    @Option(help: "This region (whose database is compared first).") var region: String
    @Option(help: "The peer region to compare with.") var peer: String
    @Option(help: "Only this table (default: every replicated table).") var table: String?
    @Flag(help: "Ship the newer version of every differing row to the other region.") var repair = false
    @Option(help: ArgumentHelp(
        "Record the outcome in this region's residency log directory.",
        discussion: "A running agent locks its residency log directory, so this is refused while the region's agent runs; the agent records its own scheduled checks.", valueName: "directory"))
    var auditLog: String?
    @Flag(help: "Open the peer's database directly instead of asking its agent.") var direct = false

    func run() async throws {
        let logger = Logger(label: "regiond.integrity")
        let config = try options.load().config
        let tables = try selectedTables(config)
        let localStore = try await Self.store(config: config, region: region, logger: logger)
        let transport = try await IntegrityPeerTransport.open(direct: direct, config: config, region: region, peer: peer, logger: logger)
        do {
            try await check(tables: tables, config: config, local: localStore, transport: transport, logger: logger)
        } catch {
            await transport.close()
            throw error
        }
        await transport.close()
    }

    private func check(
        tables: [String], config: RegionsConfig, local localStore: PostgresIntegrityStore, transport: IntegrityPeerTransport, logger: Logger
    ) async throws {
        let log = try auditLog.map { try ResidencyLog(directory: $0, logger: logger) }
        let reporter = IntegrityReporter(log: log, logger: logger)

        var stillDiffering = 0
        print("table                 rows compared  blocks  differing  repaired  in flight  bytes exchanged  time")
        for table in tables {
            let meter = ExchangeMeter()
            let checker = IntegrityChecker(config: config, local: localStore, remote: transport.peer(RegionName(peer), meter: meter), logger: logger)
            let start = ContinuousClock.now
            let result = try await checker.check(table: table, now: .wallClock(), repair: repair)
            let elapsed = ContinuousClock.now - start
            let bytes = await meter.bytes
            try await reporter.report(result, duration: elapsed, bytesExchanged: bytes, at: .wallClock())
            print(Self.row(result, bytes: bytes, elapsed: elapsed))
            for row in result.unrepaired.prefix(5) { print("  still differing: \(row.reason)") }
            stillDiffering += result.unrepaired.count
        }
        if stillDiffering > 0 { throw ExitCode(3) }
    }

    private func selectedTables(_ config: RegionsConfig) throws -> [String] {
        guard let table else { return config.replicatedTables }
        guard config.replicatedTables.contains(table) else {
            throw ValidationError("table '\(table)' is not in any tier of regions.yaml; replicated tables: \(config.replicatedTables.joined(separator: ", "))")
        }
        return [table]
    }

    static func store(config: RegionsConfig, region: String, logger: Logger) async throws -> PostgresIntegrityStore {
        let reader = try await RegionDatabaseConnection.open(config: config, region: region, logger: logger)
        let writer = try await RegionDatabaseConnection.open(config: config, region: region, logger: logger)
        return try await PostgresIntegrityStore.open(config: config, region: RegionName(region), reader: reader, writer: writer, logger: logger)
    }

    static func row(_ result: TableCheckResult, bytes: Int, elapsed: Duration) -> String {
        func column(_ value: String, _ width: Int) -> String { value.padding(toLength: max(width, value.count), withPad: " ", startingAt: 0) }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return column(result.table, 22) + column(String(result.rowsCompared), 15) + column(String(result.blocksCompared), 8)
            + column(String(result.differing), 11) + column(String(result.repaired), 10) + column(String(result.inFlight), 11)
            + column(String(bytes), 17) + String(format: "%.2fs", seconds)
    }
}
