import ArgumentParser
import Foundation
import Logging
import RegionAgent
import RegionCore
import RegionNet

/// `regiond status`: what the agents see, side by side.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show regions, health as each agent sees it, DNS answers and replication lag.",
        discussion: """
            Asks one agent (--agent) or every agent in regions.yaml for GET /v1/status
            and prints a table. Exit status 0 when at least one agent answered.

            Examples:
              regiond status --config regions.yaml
              regiond status --agent http://127.0.0.1:7101
            """)

    @Option(help: ArgumentHelp("Ask only this agent.", valueName: "url")) var agent: String?
    @OptionGroup var options: ConfigOptions

    func run() async throws {
        let urls: [String]
        if let agent {
            urls = [agent]
        } else {
            urls = try options.load().config.regions.map(\.agentURL)
        }
        let client = try HTTPClient(logger: Logger(label: "regiond.status"))
        let answers = await withTaskGroup(of: (String, Result<AgentStatus, Error>).self) { group in
            for url in urls {
                group.addTask { (url, await Self.fetch(url, client: client)) }
            }
            return await group.reduce(into: [String: Result<AgentStatus, Error>]()) { $0[$1.0] = $1.1 }
        }
        await client.shutdown()
        var statuses: [AgentStatus] = []
        var unreachable: [(agent: String, reason: String)] = []
        for url in urls {
            switch answers[url] {
            case .success(let status): statuses.append(status)
            case .failure(let error): unreachable.append((url, "\(error)"))
            case nil: break
            }
        }
        print(StatusTable(statuses: statuses, unreachable: unreachable).render(), terminator: "")
        if statuses.isEmpty { throw ExitCode(1) }
    }

    private static func fetch(_ base: String, client: HTTPClient) async -> Result<AgentStatus, Error> {
        let url = (base.hasSuffix("/") ? String(base.dropLast()) : base) + "/v1/status"
        do {
            let response = try await client.execute(HTTPRequest(url: url, timeout: .seconds(5)))
            guard response.isSuccess else { return .failure(StatusFetchError("answered \(response.status): \(response.bodyText)")) }
            return .success(try JSONDecoder().decode(AgentStatus.self, from: response.body))
        } catch {
            return .failure(error)
        }
    }
}

private struct StatusFetchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
