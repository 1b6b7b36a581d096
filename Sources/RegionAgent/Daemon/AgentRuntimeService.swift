import ServiceLifecycle

/// Runs the agent's runtime loop as a service: stops probing and gossiping on graceful
/// shutdown (SIGTERM), after which the server and replication finish their own work.
struct AgentRuntimeService: Service {
    let runtime: AgentRuntime

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await runtime.run()
        }
    }
}
