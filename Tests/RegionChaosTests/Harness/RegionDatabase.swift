import Foundation
import Logging
import RegionPostgres

/// One region's PostgreSQL: a throwaway cluster that the test can also crash (`kill -9` of
/// the postmaster, no shutdown checkpoint) and start again on the same port and data.
final class RegionDatabase: @unchecked Sendable {
    // @unchecked: the cluster is immutable; crash and restart are driven by one test task.
    let cluster: LocalPostgresCluster
    private let logger: Logger

    private init(cluster: LocalPostgresCluster, logger: Logger) {
        self.cluster = cluster
        self.logger = logger
    }

    /// Durable (fsync, synchronous commit): a killed server must keep every commit it
    /// acknowledged, or "writes lost" would measure PostgreSQL's settings, not regiond.
    static func start(logger: Logger) async throws -> RegionDatabase {
        RegionDatabase(cluster: try await LocalPostgresCluster.start(durable: true, logger: logger), logger: logger)
    }

    var port: Int { cluster.port }
    private var dataDirectory: String { cluster.directory.appendingPathComponent("data").path }

    func connect() async throws -> PostgresConnection {
        try await PostgresConnection.connect(to: cluster.connectionString(), logger: logger, reconnect: .never)
    }

    /// Runs one statement on a short-lived connection.
    func execute(_ sql: String) async throws {
        let connection = try await connect()
        do {
            try await connection.execute(sql)
        } catch {
            await connection.close()
            throw error
        }
        await connection.close()
    }

    /// Kills the postmaster with SIGKILL, as a machine crash would, and waits until its
    /// backends have noticed and exited (PostgreSQL cannot start while they hold shared memory).
    func crash() async {
        guard let text = try? String(contentsOfFile: dataDirectory + "/postmaster.pid", encoding: .utf8),
              let line = text.split(separator: "\n").first, let pid = pid_t(line.trimmingCharacters(in: .whitespaces))
        else { return }
        kill(pid, SIGKILL)
        for _ in 0..<100 where kill(pid, 0) == 0 {
            try? await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Starts the crashed server again (crash recovery replays its WAL); retries while the
    /// dead server's backends still hold its shared memory.
    func restart() async throws {
        var lastOutput = ""
        for _ in 0..<40 {
            let (status, output) = try await pgCtl(["start", "-w", "-t", "60", "-l", cluster.directory.appendingPathComponent("server.log").path])
            if status == 0 { return }
            lastOutput = output
            try await Task.sleep(for: .milliseconds(250))
        }
        throw ChaosHarnessError.commandFailed("pg_ctl start after a crash", output: lastOutput)
    }

    /// A planned restart: fast shutdown (open transactions are rolled back), then start.
    func restartCleanly() async throws {
        let (status, output) = try await pgCtl(["restart", "-w", "-t", "60", "-m", "fast", "-l", cluster.directory.appendingPathComponent("server.log").path])
        guard status == 0 else { throw ChaosHarnessError.commandFailed("pg_ctl restart", output: output) }
    }

    /// Runs pg_ctl on this cluster (as the `postgres` account when root, as the cluster was created).
    private func pgCtl(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        let log = cluster.directory.appendingPathComponent("pg_ctl-\(UUID().uuidString).log").path
        defer { try? FileManager.default.removeItem(atPath: log) }
        var command = [pgBinary("pg_ctl")] + arguments + ["-D", dataDirectory]
        if geteuid() == 0 { command = ["/usr/sbin/runuser", "-u", "postgres", "--"] + command }
        let process = try ChildProcess.spawn(command, logPath: log)
        let status = await process.waitForExit()
        return (status, process.log)
    }

    private func pgBinary(_ name: String) -> String { LocalPostgresCluster.defaultBinaries.appendingPathComponent(name).path }

    func stop() async { await cluster.shutdown() }
}
