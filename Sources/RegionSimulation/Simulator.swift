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

    /// Runs `scenario` under `runs` consecutive seeds starting at its own, spread over
    /// `parallelism` tasks; results come back in seed order whatever finished first.
    public static func monteCarlo(_ scenario: Scenario, runs: Int, parallelism: Int) async throws(SimulationError) -> [SimulationResult] {
        let seeds = (0..<UInt64(max(0, runs))).map { scenario.seed &+ $0 }
        let workers = max(1, min(parallelism, seeds.count))
        let outcome: Result<[SimulationResult], SimulationError> = await withTaskGroup(
            of: [(Int, Result<SimulationResult, SimulationError>)].self
        ) { group in
            for worker in 0..<workers {
                group.addTask {
                    stride(from: worker, to: seeds.count, by: workers).map { index in
                        (index, Result { () throws(SimulationError) in try run(scenario.withSeed(seeds[index])) })
                    }
                }
            }
            var results = [SimulationResult?](repeating: nil, count: seeds.count)
            for await batch in group {
                for (index, result) in batch {
                    switch result {
                    case .success(let value): results[index] = value
                    case .failure(let error): return .failure(error)
                    }
                }
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
