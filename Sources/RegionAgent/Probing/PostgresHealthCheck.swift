import Logging
import RegionCore
import RegionPostgres

/// `SELECT 1` on a region's database over one kept connection, reopened after a failure:
/// a fresh connection per probe would cost the database a backend fork every interval.
actor PostgresHealthCheck: HealthCheck {
    let region: RegionName
    private let connectionString: ConnectionString
    private let logger: Logger
    private var connection: PostgresConnection?

    nonisolated var label: String { "postgres \(region)" }

    init(region: RegionName, connectionString: ConnectionString, logger: Logger) {
        self.region = region
        self.connectionString = connectionString
        self.logger = logger
    }

    func run() async throws(HealthCheckFailure) -> Duration {
        let start = ContinuousClock.now
        do {
            let open = try await openConnection()
            try await open.query("SELECT 1")
            return ContinuousClock.now - start
        } catch {
            await connection?.close()
            connection = nil
            throw HealthCheckFailure("\(label): \(error)")
        }
    }

    /// Closes the kept connection (agent shutdown).
    func close() async {
        await connection?.close()
        connection = nil
    }

    private func openConnection() async throws -> PostgresConnection {
        if let connection { return connection }
        let opened = try await PostgresConnection.connect(to: connectionString, logger: logger, reconnect: .never)
        connection = opened
        return opened
    }
}
