import ArgumentParser

/// The regiond command line: one binary for the agent, the SRE tools and the simulator.
@main
struct Regiond: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "regiond",
        abstract: "Multi-region replication and failover agent.",
        discussion: """
            One agent runs beside the application in every region. Start with
            'regiond check' to validate regions.yaml and see the failover time budget.
            """,
        subcommands: [
            CheckCommand.self, PlanCommand.self, DNSCommand.self, SimulateCommand.self, InstallCommand.self,
            UninstallCommand.self, AuditCommand.self, AgentCommand.self, StatusCommand.self, DrainCommand.self,
            UndrainCommand.self, IntegrityCommand.self, EraseCommand.self,
        ]
    )
}

