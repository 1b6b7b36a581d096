import Foundation
import Logging

/// A throwaway PostgreSQL 15 cluster: `initdb` into a fresh temporary directory, a free
/// 127.0.0.1 port, trust authentication, no Unix socket.
///
/// For tests, benchmarks and the local demo, which must never touch a shared system
/// cluster. Use `LocalPostgresCluster.with { cluster in ... }` so the server is stopped and
/// the directory removed even when the body throws; `deinit` is a last-resort safety net.
/// When this process is root the server runs as the `postgres` account (see `CommandRunner`).
public final class LocalPostgresCluster: @unchecked Sendable {
    // @unchecked: `running` is guarded by `lock`.
    public let port: Int
    public let directory: URL
    private let runner: CommandRunner
    private let binaries: URL
    private let lock = NSLock()
    private var running = true

    /// Where the server binaries live; overridable through `REGIOND_PG_BIN`.
    public static var defaultBinaries: URL {
        URL(fileURLWithPath: ProcessInfo.processInfo.environment["REGIOND_PG_BIN"] ?? "/usr/lib/postgresql/15/bin")
    }

    /// Settings appended to postgresql.conf: `wal_level = logical` allows the benchmark's
    /// native replication; `fsync` is off unless `durable` because the data is thrown away.
    public static func settings(port: Int, durable: Bool) -> [String] {
        [
            "port = \(port)", "listen_addresses = '127.0.0.1'", "unix_socket_directories = ''",
            "fsync = \(durable ? "on" : "off")", "synchronous_commit = \(durable ? "on" : "off")",
            "full_page_writes = \(durable ? "on" : "off")", "wal_level = logical", "max_wal_senders = 10",
            "max_replication_slots = 10", "max_connections = 100", "shared_buffers = 128MB",
            "max_wal_size = 2GB", "log_min_messages = warning",
        ]
    }

    /// Creates and starts a cluster. initdb and pg_ctl block for seconds, so they run on a
    /// dispatch thread rather than on the cooperative pool that other tasks need.
    public static func start(durable: Bool = false, logger: Logger) async throws -> LocalPostgresCluster {
        try await offload { try startBlocking(durable: durable, logger: logger) }
    }

    /// Starts a cluster, runs `body`, then always stops and removes it.
    public static func with<T>(durable: Bool = false, logger: Logger, _ body: (LocalPostgresCluster) async throws -> T) async throws -> T {
        let cluster = try await start(durable: durable, logger: logger)
        do {
            let value = try await body(cluster)
            await cluster.shutdown()
            return value
        } catch {
            await cluster.shutdown()
            throw error
        }
    }

    /// `stop()` off the cooperative pool.
    public func shutdown() async {
        try? await Self.offload { self.stop() }
    }

    private static func offload<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
        }
    }

    private static func startBlocking(durable: Bool, logger: Logger) throws -> LocalPostgresCluster {
        let runner = try CommandRunner.forCurrentUser()
        let base = runner.account == nil ? FileManager.default.temporaryDirectory.path : "/tmp"
        let template = "\(base)/regiond-pg-XXXXXX"
        var path = Array(template.utf8CString)
        guard mkdtemp(&path) != nil else {
            throw LocalClusterError(step: "mkdtemp in \(base)", output: String(cString: strerror(errno)))
        }
        let directory = URL(fileURLWithPath: String(decoding: path.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        do {
            try runner.giveOwnership(of: directory.path)
            let data = directory.appendingPathComponent("data").path
            let bin = defaultBinaries
            try runner.run(bin.appendingPathComponent("initdb").path, [
                "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync",
            ], step: "initdb")
            var lastError: Error = LocalClusterError(step: "start", output: "no attempt")
            for _ in 0..<5 {
                let port = try FreePort.loopback()
                let conf = directory.appendingPathComponent("data/postgresql.auto.conf").path
                try (settings(port: port, durable: durable).joined(separator: "\n") + "\n")
                    .write(toFile: conf, atomically: false, encoding: .utf8)
                try runner.giveOwnership(of: conf)
                do {
                    try runner.run(bin.appendingPathComponent("pg_ctl").path, [
                        "start", "-w", "-t", "60", "-D", data, "-l", directory.appendingPathComponent("server.log").path,
                    ], step: "pg_ctl start")
                    logger.debug("local PostgreSQL started", metadata: ["port": "\(port)", "directory": "\(directory.path)"])
                    return LocalPostgresCluster(port: port, directory: directory, runner: runner, binaries: bin)
                } catch {
                    lastError = error
                }
            }
            throw lastError
        } catch {
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
    }

    private init(port: Int, directory: URL, runner: CommandRunner, binaries: URL) {
        self.port = port
        self.directory = directory
        self.runner = runner
        self.binaries = binaries
    }

    deinit { stop() }

    /// A connection string for `database` (the default database is `postgres`).
    public func connectionString(database: String = "postgres") -> ConnectionString {
        ConnectionString("host=127.0.0.1 port=\(port) user=postgres dbname=\(database) connect_timeout=10")
    }

    /// Creates an empty database (one per simulated region when clusters are shared).
    public func createDatabase(_ name: String, logger: Logger) async throws {
        let connection = try await PostgresConnection.connect(to: connectionString(), logger: logger)
        try await connection.execute("CREATE DATABASE \(SQLIdentifier(name).quoted)")
        await connection.close()
    }

    /// Stops the server (fast shutdown) and deletes its directory; safe to call twice.
    public func stop() {
        lock.lock()
        let wasRunning = running
        running = false
        lock.unlock()
        guard wasRunning else { return }
        _ = try? runner.run(binaries.appendingPathComponent("pg_ctl").path, [
            "stop", "-w", "-m", "fast", "-D", directory.appendingPathComponent("data").path,
        ], step: "pg_ctl stop")
        try? FileManager.default.removeItem(at: directory)
    }
}
