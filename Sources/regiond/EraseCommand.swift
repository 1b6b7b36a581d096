import ArgumentParser
import Logging
import RegionAudit
import RegionCore
import RegionIntegrity

/// `regiond erase --region R --table T --key K`: a GDPR / PIPA erasure request for one row.
struct EraseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "erase",
        abstract: "Erase one row everywhere it may reside (GDPR / PIPA requests).",
        discussion: """
            Deletes the row in the given region through regiond's capture: the delete
            becomes a tombstone (key and version only, none of the erased data) that
            replication carries to every region the row's residency class allowed. The
            request is recorded in the residency log with a digest of the key. Run it in a
            region that holds the row (its home region under the residency rules). For
            composite primary keys pass --key once per key column, in key order.
            """)

    @OptionGroup var options: ConfigOptions
    @Option(help: "The region whose database holds the row.") var region: String
    @Option(help: "The table as named in regions.yaml.") var table: String
    @Option(help: "A primary-key value; repeat for composite keys, in key order.") var key: [String]
    @Option(help: ArgumentHelp("This region's residency log directory, where the erasure is recorded.", valueName: "directory"))
    var auditLog: String

    func run() async throws {
        let logger = Logger(label: "regiond.erase")
        let config = try options.load().config
        let connection = try await RegionDatabaseConnection.open(config: config, region: region, logger: logger)
        let log = try ResidencyLog(directory: auditLog, logger: logger)
        let eraser = Eraser(config: config, region: RegionName(region), connection: connection, log: log, logger: logger)
        let result = try await eraser.erase(table: table, key: RowKey(key), at: .wallClock())
        await connection.close()
        guard result.rows > 0 else {
            print("no row of \(table) with that key in \(region); nothing erased (recorded). Run the request in the region that holds the row.")
            return
        }
        let destinations = result.replicatedTo.isEmpty ? "no other region" : result.replicatedTo.map(\.rawValue).joined(separator: ", ")
        print("erased 1 row of \(table) in \(region) (class \(result.className ?? "undetermined")); its tombstone replicates to \(destinations)")
    }
}
