import ArgumentParser
import Foundation
import Logging
import RegionAgent
import RegionCore
import RegionNet

/// `regiond drain REGION`: planned maintenance. Every agent hears it; the coordinating
/// agent moves the region's users elsewhere through the failover planner, and each agent
/// records the drain in its residency log.
struct DrainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drain",
        abstract: "Take a region out of DNS for planned maintenance.",
        discussion: """
            Sends a signed request (cluster key from regions.yaml) to every agent. An
            agent that is down misses it: run the command again once it is back.
            Exit status 0 when every agent took it, 1 otherwise.

            Example:
              regiond drain seoul --config regions.yaml
            """)

    @OptionGroup var options: ConfigOptions
    @Argument(help: "The region to drain.") var region: String

    func run() async throws {
        try await DrainCommandRunner(options: options, region: region, drained: true).run()
    }
}

/// `regiond undrain REGION`: ends planned maintenance.
struct UndrainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "undrain",
        abstract: "Return a drained region to DNS.",
        discussion: """
            The region returns once it is healthy and its replication has caught up.

            Example:
              regiond undrain seoul --config regions.yaml
            """)

    @OptionGroup var options: ConfigOptions
    @Argument(help: "The region to undrain.") var region: String

    func run() async throws {
        try await DrainCommandRunner(options: options, region: region, drained: false).run()
    }
}

/// What drain and undrain share: load, send to every agent, print each answer.
private struct DrainCommandRunner {
    let options: ConfigOptions
    let region: String
    let drained: Bool

    func run() async throws {
        let config = try options.load().config
        guard config.region(RegionName(region)) != nil else {
            throw ValidationError("region '\(region)' is not in regions.yaml; known: \(config.voterNames.map(\.rawValue).joined(separator: ", "))")
        }
        let logger = Logger(label: "regiond.drain")
        let keys: ClusterKeyring
        do {
            keys = try ClusterKeyLoader.load(config.security)
        } catch {
            StandardError.print("error: \(error)")
            throw ExitCode(1)
        }
        let client = try HTTPClient(logger: logger)
        let requester = "\(ProcessInfo.processInfo.environment["USER"] ?? "unknown")@\(ProcessInfo.processInfo.hostName)"
        let deliveries = await DrainBroadcast(config: config, keys: keys, client: client, logger: logger)
            .send(DrainRequest(region: RegionName(region), drained: drained, requestedBy: requester))
        await client.shutdown()
        var failed = 0
        for delivery in deliveries {
            switch delivery.result {
            case .success(let reply):
                let held = reply.drained.isEmpty ? "none" : reply.drained.map(\.rawValue).joined(separator: ", ")
                print("\(delivery.agent): ok (drained: \(held))")
            case .failure(let error):
                failed += 1
                print("\(delivery.agent): FAILED: \(error)")
            }
        }
        guard failed == 0 else {
            StandardError.print("\(failed) agent(s) did not take the request; run the command again once they are reachable")
            throw ExitCode(1)
        }
    }
}
