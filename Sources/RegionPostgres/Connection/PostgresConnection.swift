import CLibPQ
import Dispatch
import Foundation
import Logging

/// One libpq connection, exposed as async Swift.
///
/// Design: every libpq call runs on a private serial dispatch queue (in effect a dedicated
/// thread per connection) using libpq's blocking API, and callers await the result. A daemon
/// holds a handful of connections (capture, apply, a listener), so a thread each is cheap,
/// while the blocking API keeps COPY, error collection and result clearing simple and
/// obviously correct; a hand-written non-blocking state machine would buy nothing here.
/// Statements on one connection run one at a time in submission order, like PostgreSQL
/// itself serves them; use one connection per concurrent activity.
///
/// Resources: every `PGresult` is cleared before the call returns, and the `PGconn` is
/// finished by `close()` or, at the latest, when the object is released.
///
/// Reconnect: a statement on a broken connection first reopens it with exponential backoff
/// (`ReconnectPolicy`); a statement that was running when the connection broke throws
/// `PostgresError.Kind.connectionLost` and is never retried silently.
public final class PostgresConnection: @unchecked Sendable {
    // @unchecked: `handle` is only touched on `queue`.
    private let queue: DispatchQueue
    private var handle: OpaquePointer?
    private let connectionString: ConnectionString
    private let reconnectPolicy: ReconnectPolicy
    private let logger: Logger
    private let noticeSink: NoticeSink

    private init(connectionString: ConnectionString, reconnectPolicy: ReconnectPolicy, logger: Logger) {
        self.connectionString = connectionString
        self.reconnectPolicy = reconnectPolicy
        self.logger = logger
        noticeSink = NoticeSink(logger: logger)
        queue = DispatchQueue(label: "regiond.postgres.\(connectionString.redacted)")
    }

    /// Opens a connection, retrying with backoff per `reconnect`.
    public static func connect(
        to connectionString: ConnectionString, logger: Logger, reconnect: ReconnectPolicy = .init()
    ) async throws -> PostgresConnection {
        let connection = PostgresConnection(connectionString: connectionString, reconnectPolicy: reconnect, logger: logger)
        try await connection.onQueue { _ = try connection.liveHandle() }
        return connection
    }

    deinit {
        if let handle { PQfinish(handle) }
    }

    /// Finishes the connection now; later statements reopen it.
    public func close() async {
        try? await onQueue {
            if let handle = self.handle { PQfinish(handle) }
            self.handle = nil
        }
    }

    // MARK: Statements

    /// Runs one statement with `$1...` parameters sent separately from the SQL text (no
    /// quoting, no injection). Values are PostgreSQL text representations; nil is NULL.
    @discardableResult
    public func query(_ sql: String, _ parameters: [String?] = []) async throws -> PostgresRows {
        try await onQueue {
            let connection = try self.liveHandle()
            let result = CStringArray(parameters).withPointers { pointers in
                PQexecParams(connection, sql, Int32(parameters.count), nil, pointers, nil, nil, 0)
            }
            defer { PQclear(result) }
            try self.check(result, connection, expected: [PGRES_COMMAND_OK, PGRES_TUPLES_OK], query: sql)
            return PostgresRows(result: result!)
        }
    }

    /// Runs a script of one or more statements without parameters (DDL, `BEGIN`, ...).
    public func execute(_ sql: String) async throws {
        try await onQueue {
            let connection = try self.liveHandle()
            guard PQsendQuery(connection, sql) == 1 else {
                throw PostgresError.from(result: nil, connection: connection, kind: .statement, query: sql)
            }
            var failure: PostgresError?
            while let result = PQgetResult(connection) {
                defer { PQclear(result) }
                if failure == nil, ![PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY].contains(PQresultStatus(result)) {
                    failure = PostgresError.from(result: result, connection: connection, kind: .statement, query: sql)
                }
            }
            if let failure { throw failure }
        }
    }

    /// Runs `body` inside BEGIN ... COMMIT; any error rolls back and is rethrown.
    public func withTransaction<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await execute("BEGIN")
        do {
            let value = try await body(self)
            try await execute("COMMIT")
            return value
        } catch {
            try? await execute("ROLLBACK")
            throw error
        }
    }

    // MARK: COPY

    /// Streams `data` (COPY text or CSV, as the statement says) into `COPY ... FROM STDIN`;
    /// returns the number of rows copied.
    @discardableResult
    public func copyIn(_ sql: String, data: [UInt8]) async throws -> Int {
        try await onQueue {
            let connection = try self.liveHandle()
            let start = PQexec(connection, sql)
            let status = start.map(PQresultStatus)
            if status != PGRES_COPY_IN {
                defer { PQclear(start) }
                throw PostgresError.from(result: start, connection: connection, kind: .copy, query: sql)
            }
            PQclear(start)
            let chunk = 1 << 18
            var offset = 0
            var sendFailed = false
            data.withUnsafeBufferPointer { buffer in
                while offset < buffer.count, !sendFailed {
                    let length = min(chunk, buffer.count - offset)
                    let sent = buffer.baseAddress!.advanced(by: offset).withMemoryRebound(to: CChar.self, capacity: length) {
                        PQputCopyData(connection, $0, Int32(length))
                    }
                    sendFailed = sent != 1
                    offset += length
                }
            }
            PQputCopyEnd(connection, sendFailed ? "regiond: sending COPY data failed" : nil)
            return try self.drainResults(connection, kind: .copy, query: sql)
        }
    }

    /// Runs `COPY ... TO STDOUT` and returns what the server sent.
    public func copyOut(_ sql: String) async throws -> [UInt8] {
        try await onQueue {
            let connection = try self.liveHandle()
            let start = PQexec(connection, sql)
            if start.map(PQresultStatus) != PGRES_COPY_OUT {
                defer { PQclear(start) }
                throw PostgresError.from(result: start, connection: connection, kind: .copy, query: sql)
            }
            PQclear(start)
            var output: [UInt8] = []
            while true {
                var buffer: UnsafeMutablePointer<CChar>?
                let length = PQgetCopyData(connection, &buffer, 0)
                if length > 0, let buffer {
                    buffer.withMemoryRebound(to: UInt8.self, capacity: Int(length)) {
                        output.append(contentsOf: UnsafeBufferPointer(start: $0, count: Int(length)))
                    }
                    PQfreemem(buffer)
                } else {
                    break
                }
            }
            _ = try self.drainResults(connection, kind: .copy, query: sql)
            return output
        }
    }

    // MARK: LISTEN / NOTIFY

    /// Subscribes this connection to `channel`.
    public func listen(_ channel: String) async throws {
        try await execute("LISTEN \(SQLIdentifier(channel).quoted)")
    }

    /// Returns the notifications that arrived, waiting up to `timeout` for the first one.
    /// The connection is busy while waiting, so dedicate one connection to listening.
    public func notifications(waitingUpTo timeout: Duration) async throws -> [PostgresNotification] {
        try await onQueue {
            let connection = try self.liveHandle()
            var received = try self.drainNotifications(connection)
            if received.isEmpty {
                var descriptor = pollfd(fd: PQsocket(connection), events: Int16(POLLIN), revents: 0)
                let milliseconds = Int32(clamping: max(0, timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000))
                _ = poll(&descriptor, 1, milliseconds)
                received = try self.drainNotifications(connection)
            }
            return received
        }
    }

    private func drainNotifications(_ connection: OpaquePointer) throws -> [PostgresNotification] {
        guard PQconsumeInput(connection) == 1 else {
            throw PostgresError.from(result: nil, connection: connection, kind: .connectionLost, query: "LISTEN")
        }
        var received: [PostgresNotification] = []
        while let notify = PQnotifies(connection) {
            received.append(PostgresNotification(
                channel: String(cString: notify.pointee.relname), payload: String(cString: notify.pointee.extra),
                senderPID: notify.pointee.be_pid))
            PQfreemem(notify)
        }
        return received
    }

    // MARK: Plumbing

    private func onQueue<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body() }) }
        }
    }

    /// The open connection, (re)opened with backoff when missing or broken. Runs on `queue`.
    private func liveHandle() throws -> OpaquePointer {
        if let handle, PQstatus(handle) == CONNECTION_OK { return handle }
        if let handle {
            PQfinish(handle)
            self.handle = nil
            logger.warning("PostgreSQL connection broken, reconnecting", metadata: ["dsn": "\(connectionString.redacted)"])
        }
        var lastError = PostgresError(kind: .connect, message: "no attempt made")
        for attempt in 0..<reconnectPolicy.maximumAttempts {
            if attempt > 0 {
                let delay = reconnectPolicy.delay(afterAttempt: attempt - 1)
                Thread.sleep(forTimeInterval: delay.seconds)
            }
            guard let candidate = PQconnectdb(connectionString.rawValue) else {
                lastError = PostgresError(kind: .connect, message: "libpq could not allocate a connection")
                continue
            }
            if PQstatus(candidate) == CONNECTION_OK {
                PQsetNoticeProcessor(candidate, forwardNotice, Unmanaged.passUnretained(noticeSink).toOpaque())
                handle = candidate
                if attempt > 0 { logger.info("PostgreSQL connection reopened", metadata: ["attempts": "\(attempt + 1)"]) }
                return candidate
            }
            lastError = PostgresError(kind: .connect, message: PostgresError.connectionMessage(candidate))
            PQfinish(candidate)
            logger.debug("PostgreSQL connect attempt failed", metadata: [
                "dsn": "\(connectionString.redacted)", "attempt": "\(attempt + 1)", "error": "\(lastError.message)",
            ])
        }
        throw lastError
    }

    private func check(_ result: OpaquePointer?, _ connection: OpaquePointer, expected: [ExecStatusType], query: String) throws {
        guard let result, expected.contains(PQresultStatus(result)) else {
            throw PostgresError.from(result: result, connection: connection, kind: .statement, query: query)
        }
    }

    /// Collects the results that end a COPY; returns the copied row count.
    private func drainResults(_ connection: OpaquePointer, kind: PostgresError.Kind, query: String) throws -> Int {
        var failure: PostgresError?
        var rows = 0
        while let result = PQgetResult(connection) {
            defer { PQclear(result) }
            if PQresultStatus(result) == PGRES_COMMAND_OK {
                rows = Int(String(cString: PQcmdTuples(result))) ?? rows
            } else if failure == nil {
                failure = PostgresError.from(result: result, connection: connection, kind: kind, query: query)
            }
        }
        if let failure { throw failure }
        return rows
    }
}

/// C strings for libpq's parameter array, freed when the value is dropped.
private final class CStringArray {
    private let storage: [UnsafeMutablePointer<CChar>?]

    init(_ values: [String?]) { storage = values.map { $0.map { strdup($0) } ?? nil } }
    deinit { storage.forEach { free($0) } }

    func withPointers<R>(_ body: ([UnsafePointer<CChar>?]) -> R) -> R {
        body(storage.map { $0.map { UnsafePointer($0) } })
    }
}

/// Receives the server's NOTICE and WARNING messages, which libpq would print to stderr,
/// and logs them instead; lives as long as its connection.
private final class NoticeSink: Sendable {
    let logger: Logger
    init(logger: Logger) { self.logger = logger }
}

private func forwardNotice(_ context: UnsafeMutableRawPointer?, _ message: UnsafePointer<CChar>?) {
    guard let context, let message else { return }
    let sink = Unmanaged<NoticeSink>.fromOpaque(context).takeUnretainedValue()
    sink.logger.debug("PostgreSQL notice", metadata: ["message": "\(String(cString: message).trimmingCharacters(in: .whitespacesAndNewlines))"])
}
