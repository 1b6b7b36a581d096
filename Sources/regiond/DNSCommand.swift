import ArgumentParser
import Foundation
import Logging
import RegionAudit
import RegionCore
import RegionDNS
import RegionNet

/// `regiond dns`: lets an SRE see and publish the DNS that the failover plan implies,
/// for a view of the world they choose (`--down`), without running an agent.
struct DNSCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dns",
        abstract: "Show or publish the geo-DNS answers of the failover plan.",
        subcommands: [DNSShowCommand.self, DNSApplyCommand.self]
    )
}

/// The options `show` and `apply` share: the deployment and the assumed outage.
/// `regiond dns show`: the planned answers, and what the provider serves now.
struct DNSShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print the planned answer per geo and the provider's current records.",
        discussion: """
            Example:
              regiond dns show --config regions.yaml --down seoul
            """
    )

    @OptionGroup var options: PlanAssumptionOptions

    func run() async throws {
        let config = try options.config.load().config
        let plan = try options.plan(for: config)
        print("Planned answers (\(plan.down.isEmpty ? "all regions up" : "down: " + plan.down.map(\.rawValue).joined(separator: ", "))):")
        for answer in plan.state.geos {
            let order = answer.regions.map { $0.weight > 0 ? "\($0.region) \($0.weight)" : $0.region.rawValue }
            print("  \(answer.geo): \(answer.served?.rawValue ?? "none")  [\(order.joined(separator: " > "))]")
        }
        try await withProvider(config) { provider in
            print("\nRecords for \(provider.name):")
            for record in try provider.render(plan.state) { print("  \(record)") }
            do {
                let changes = try await provider.plannedChanges(for: plan.state)
                print(changes.isEmpty ? "\nThe provider already serves this plan." : "\nApplying would change:")
                for change in changes { print("  \(change)") }
            } catch {
                print("\nCurrent records unavailable: \(error)")
            }
        }
    }
}

/// `regiond dns apply`: publishes the plan through the configured provider.
struct DNSApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Publish the planned answers through the configured DNS provider.",
        discussion: """
            Writes only when the provider's records differ from the plan. With --dry-run,
            prints the changes without writing. Exit status: 0 published (or nothing to
            change), 1 the provider refused or could not be reached.

            Example:
              regiond dns apply --config regions.yaml --down seoul --dry-run
            """
    )

    @OptionGroup var options: PlanAssumptionOptions

    @Flag(name: .long, help: "Print what would change without writing.")
    var dryRun = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Record the change as a dns-change entry in this region's residency log directory.",
            discussion: "A running agent locks its residency log directory, so this is refused while the region's agent runs: stop it before changing DNS by hand.",
            valueName: "directory"))
    var auditLog: String?

    func run() async throws {
        let config = try options.config.load().config
        let plan = try options.plan(for: config)
        try await withProvider(config) { provider in
            if dryRun {
                let changes = try await provider.plannedChanges(for: plan.state)
                print(changes.isEmpty ? "Nothing to change at \(provider.name)." : "Would change at \(provider.name):")
                for change in changes { print("  \(change)") }
                return
            }
            let report = try await provider.apply(plan.state)
            print(report.changedAnything ? "Changed at \(provider.name):" : "Nothing to change at \(provider.name).")
            for change in report.changes { print("  \(change)") }
            if let auditLog, report.changedAnything {
                let recorder = ResidencyLogDNSRecorder(log: try ResidencyLog(directory: auditLog, logger: Logger(label: "regiond.audit")))
                try await recorder.record(DNSAppliedChange(
                    provider: provider.name, reason: Self.reason(down: plan.down, drained: plan.drained),
                    desired: plan.state, changes: report.changes))
                print("Recorded in the residency log at \(auditLog).")
            }
        }
    }
}

extension DNSApplyCommand {
    static func reason(down: [RegionName], drained: [RegionName]) -> DNSChangeReason {
        if !drained.isEmpty && down.isEmpty { return .drain(drained) }
        var parts = ["regiond dns apply"]
        if !down.isEmpty { parts.append("--down " + down.map(\.rawValue).joined(separator: ",")) }
        if !drained.isEmpty { parts.append("--drained " + drained.map(\.rawValue).joined(separator: ",")) }
        return .operatorRequest(parts.joined(separator: " "))
    }
}

/// Runs `body` with the provider regions.yaml configures; provider failures become a
/// message on standard error and exit status 1.
private func withProvider(_ config: RegionsConfig, _ body: (any DNSProvider) async throws -> Void) async throws {
    let logger = Logger(label: "regiond.dns")
    let client = try HTTPClient(logger: logger)
    do {
        try await body(try DNSProviderFactory.make(config: config, client: client, logger: logger))
    } catch let error as DNSProviderError {
        await client.shutdown()
        StandardError.print("error: \(error)")
        throw ExitCode(1)
    } catch {
        await client.shutdown()
        throw error
    }
    await client.shutdown()
}
