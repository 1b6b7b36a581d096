import Logging
import RegionCore
import RegionNet
import RegionPostgres

/// Probes a region by running every health check regions.yaml lists for it, concurrently.
/// The region is healthy when all checks pass; its latency is the slowest check's.
public struct RegionProber: RegionProbing {
    private let checks: [RegionName: [any HealthCheck]]
    private let databaseChecks: [PostgresHealthCheck]

    /// - Parameter databaseOf: the connection string of a region's database when this agent
    ///   can reach it (its secret resolves here), nil otherwise. A peer's database is usually
    ///   not reachable from another region; its agent's `/v1/health` reports on it instead.
    public init(
        config: RegionsConfig, client: HTTPClient, databaseOf: (RegionName) -> ConnectionString?, logger: Logger
    ) throws(HealthCheckConfigurationError) {
        var checks: [RegionName: [any HealthCheck]] = [:]
        var databaseChecks: [PostgresHealthCheck] = []
        let timeout = config.health.timeout
        for region in config.regions {
            var regionChecks: [any HealthCheck] = []
            for target in region.healthChecks {
                switch target.kind {
                case .http:
                    regionChecks.append(HTTPHealthCheck(
                        url: target.target, timeout: timeout, minimumTLS: TLSVersion(rawValue: region.minTLS) ?? .v1_2, client: client))
                case .tcp:
                    do {
                        regionChecks.append(try TCPHealthCheck(target: target.target, timeout: timeout))
                    } catch {
                        throw HealthCheckConfigurationError(region: region.name, reason: error.reason)
                    }
                case .postgres:
                    guard let connectionString = databaseOf(region.name) else {
                        logger.info("database of \(region.name) not reachable from here; its agent's health endpoint reports on it")
                        continue
                    }
                    let check = PostgresHealthCheck(region: region.name, connectionString: connectionString, logger: logger)
                    databaseChecks.append(check)
                    regionChecks.append(check)
                }
            }
            checks[region.name] = regionChecks
        }
        self.checks = checks
        self.databaseChecks = databaseChecks
    }

    public func probe(_ region: RegionName) async -> ProbeOutcome {
        guard let regionChecks = checks[region], !regionChecks.isEmpty else {
            return .failure(reason: "no health check of \(region) can run from this agent; add an http or tcp check to regions.yaml")
        }
        let results = await withTaskGroup(of: Result<Duration, HealthCheckFailure>.self) { group in
            for check in regionChecks {
                group.addTask {
                    do throws(HealthCheckFailure) {
                        return .success(try await check.run())
                    } catch {
                        return .failure(error)
                    }
                }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        var slowest = Duration.zero
        var failures: [String] = []
        for result in results {
            switch result {
            case .success(let latency): slowest = max(slowest, latency)
            case .failure(let failure): failures.append(failure.reason)
            }
        }
        return failures.isEmpty ? .success(latency: slowest) : .failure(reason: failures.sorted().joined(separator: "; "))
    }

    /// Closes the database connections the checks keep open.
    public func close() async {
        for check in databaseChecks { await check.close() }
    }
}

/// A health check in regions.yaml that cannot be run as written.
public struct HealthCheckConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var region: RegionName
    public var reason: String

    public var description: String { "health check of \(region): \(reason)" }
}
