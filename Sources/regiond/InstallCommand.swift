import ArgumentParser
import Logging
import RegionCore
import RegionPostgres

/// `regiond install`: creates or updates the regiond schema and the capture triggers in one
/// region's database, from regions.yaml.
struct InstallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Install regiond's schema and change capture into a region's PostgreSQL.",
        discussion: """
            Creates schema 'regiond' (changelog, row versions and tombstones, peer
            cursors, HLC state) and a capture trigger on every table named in the tiers.
            Safe to re-run after changing regions.yaml. The database is the region's
            'database' secret reference. --dry-run prints the SQL without connecting to
            any database (primary keys are looked up by the script when it runs).

            --capture logical captures through a logical replication slot instead of
            triggers, off the application's write path: it needs wal_level = logical (a
            server restart) and a role with the REPLICATION attribute, and the slot keeps
            WAL while the agent is down (see README, "PostgreSQL capture"). Re-running with
            the other mode switches modes without losing or repeating a change.
            """)

    @OptionGroup var options: ConfigOptions
    @Option(help: "The region whose database to install into.") var region: String
    @Option(help: "How changes are captured: trigger (default) or logical (replication slot).") var capture: CaptureMode = .trigger
    @Flag(help: "Print the SQL instead of running it.") var dryRun = false

    func run() async throws {
        let logger = Logger(label: "regiond.install")
        let loaded = try options.load()
        if dryRun {
            guard loaded.config.region(RegionName(region)) != nil else { throw RegionDatabaseConnection.unknownRegion(region, in: loaded.config) }
            var script = try InstallScript(config: loaded.config, region: RegionName(region))
            script.capture = capture
            print(script.dryRunSQL)
            return
        }
        let connection = try await RegionDatabaseConnection.open(config: loaded.config, region: region, logger: logger)
        let installer = SchemaInstaller(config: loaded.config, region: RegionName(region), capture: capture, logger: logger)
        try await installer.install(using: connection)
        print("regiond installed in \(region)'s database: \(loaded.config.replicatedTables.count) tables captured by \(capture.rawValue)")
        await connection.close()
    }
}

extension CaptureMode: ExpressibleByArgument {}

/// `regiond uninstall`: removes schema `regiond` and with it every capture trigger, and the
/// logical capture's slot and publication.
struct UninstallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "uninstall",
        abstract: "Remove regiond's schema and change capture from a region's PostgreSQL.",
        discussion: "Application tables and their rows are kept; the changelog, versions and tombstones, and logical capture's replication slot and publication are dropped.")

    @OptionGroup var options: ConfigOptions
    @Option(help: "The region whose database to uninstall from.") var region: String
    @Flag(help: "Print the SQL instead of running it.") var dryRun = false

    func run() async throws {
        if dryRun {
            print(InstallScript.uninstallSQL)
            return
        }
        let logger = Logger(label: "regiond.uninstall")
        let loaded = try options.load()
        let connection = try await RegionDatabaseConnection.open(config: loaded.config, region: region, logger: logger)
        try await SchemaInstaller.uninstall(using: connection, logger: logger)
        await connection.close()
        print("regiond removed from \(region)'s database")
    }
}

/// Opens the database of a region named on the command line.
enum RegionDatabaseConnection {
    static func open(config: RegionsConfig, region: String, logger: Logger) async throws -> PostgresConnection {
        guard let regionConfig = config.region(RegionName(region)) else { throw unknownRegion(region, in: config) }
        let dsn = try regionConfig.database.connectionString()
        return try await PostgresConnection.connect(to: dsn, logger: logger, reconnect: .never)
    }

    static func unknownRegion(_ region: String, in config: RegionsConfig) -> ValidationError {
        ValidationError("region '\(region)' is not in regions.yaml; known regions: \(config.regions.map(\.name.rawValue).joined(separator: ", "))")
    }
}
