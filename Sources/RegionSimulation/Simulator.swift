import RegionCore

/// Runs scenarios: one run, or many seeds in parallel for Monte-Carlo statistics.
public enum Simulator {
    /// Runs `scenario` once. Same scenario and seed, same result, bit for bit.
    public static func run(_ scenario: Scenario) throws(SimulationError) -> SimulationResult {
        do {
            var run = try SimulationRun(scenario: scenario)
            return run.run()
        } catch {
            throw .agentRefused(error.description)
        }
    }

    /// Runs `scenario` under `runs` consecutive seeds starting at its own, at most
    /// `parallelism` at a time; results come back in seed order whatever finished first.
    ///
    /// Each worker takes the next seed when it finishes one, rather than a fixed share of
    /// the seeds: on a machine also busy with other work, a worker that gets less CPU then
    /// runs fewer seeds instead of leaving the others idle at the end.
    public static func monteCarlo(_ scenario: Scenario, runs: Int, parallelism: Int) async throws(SimulationError) -> [SimulationResult] {
        let seeds = (0..<UInt64(max(0, runs))).map { scenario.seed &+ $0 }
        let workers = max(1, min(parallelism, seeds.count))
        let outcome: Result<[SimulationResult], SimulationError> = await withTaskGroup(
            of: (Int, Result<SimulationResult, SimulationError>).self
        ) { group in
            var next = 0
            func startNext() {
                guard next < seeds.count else { return }
                let index = next
                next += 1
                group.addTask { (index, Result { () throws(SimulationError) in try run(scenario.withSeed(seeds[index])) }) }
            }
            for _ in 0..<workers { startNext() }
            var results = [SimulationResult?](repeating: nil, count: seeds.count)
            for await (index, result) in group {
                switch result {
                case .success(let value): results[index] = value
                case .failure(let error):
                    group.cancelAll()
                    return .failure(error)
                }
                startNext()
            }
            return .success(results.compactMap { $0 })
        }
        return try outcome.get()
    }
}

/// A scenario that parsed but cannot be simulated.
public enum SimulationError: Error, Sendable, CustomStringConvertible {
    /// The decision core refused the deployment (for example an agent for an unknown region).
    case agentRefused(String)

    public var description: String {
        switch self {
        case .agentRefused(let reason): "the decision core refused to start an agent: \(reason)"
        }
    }
}
