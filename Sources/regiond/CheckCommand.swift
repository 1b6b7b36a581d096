import ArgumentParser
import RegionCore

/// `regiond check`: proves regions.yaml keeps its promises before it is rolled out.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate regions.yaml and show the failover time budget.",
        discussion: """
            Reads the deployment file and reports every problem at once, each as
            FILE:LINE:COLUMN: message, pointing at the value to change.

            When the file is valid it prints the worst-case failover timeline, term by
            term:

              detection = interval × failure_threshold + timeout + gossip_interval
              reroute   = detection + dns.apply_timeout + service.ttl

            against the objectives (by default 30s and 2m), how long a recovered region
            takes to be trusted again, each tier's replication lag objective, and the
            warnings that matter: above all, users whom a failover would send to a
            region that may not hold their personal data (for example Korean users
            failed over to tokyo cannot see kr-personal rows).

            Exit status: 0 valid, 1 invalid (errors on standard error), 2 the file
            cannot be read or is not YAML.

            Example:
              regiond check --config regions.yaml
            """
    )

    @OptionGroup var options: ConfigOptions

    func run() throws {
        let loaded = try options.load()
        print(CheckReport(loaded: loaded, file: options.config).text)
    }
}
