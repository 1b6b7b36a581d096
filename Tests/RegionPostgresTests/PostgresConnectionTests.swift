import Foundation
import RegionPostgres
import Testing

@Suite("libpq connection against a real server")
struct PostgresConnectionTests {
    @Test func parameterisedQueriesReturnTextAndNull() async throws {
        try await LocalPostgresCluster.with(logger: Fixtures.logger) { cluster in
            let connection = try await PostgresConnection.connect(to: cluster.connectionString(), logger: Fixtures.logger)
            let rows = try await connection.query("SELECT $1::int + 1 AS next, $2::text AS nothing, $3::text AS quoted", ["41", nil, "it's"])
            #expect(rows.count == 1)
            #expect(rows.first?["next"] == "42")
            #expect(rows.first?["nothing"] == nil)
            #expect(rows.first?["quoted"] == "it's")
            await connection.close()
        }
    }

    @Test func errorsCarrySQLStateMessageAndQuery() async throws {
        try await LocalPostgresCluster.with(logger: Fixtures.logger) { cluster in
            let connection = try await PostgresConnection.connect(to: cluster.connectionString(), logger: Fixtures.logger)
            try await connection.execute("CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1)")
            let error = await #expect(throws: PostgresError.self) {
                try await connection.query("INSERT INTO t VALUES ($1::int)", ["1"])
            }
            #expect(error?.sqlState == "23505")
            #expect(error?.kind == .statement)
            #expect(error?.query?.contains("INSERT INTO t") == true)
            #expect(error?.description.contains("duplicate key") == true)
            // The connection stays usable after a failed statement.
            #expect(try await connection.query("SELECT count(*) AS n FROM t").first?["n"] == "1")
        }
    }

    @Test func copyInAndOutRoundTripEscapedText() async throws {
        try await LocalPostgresCluster.with(logger: Fixtures.logger) { cluster in
            let connection = try await PostgresConnection.connect(to: cluster.connectionString(), logger: Fixtures.logger)
            try await connection.execute("CREATE TABLE t (id int, body text)")
            let input = "1\ttab\\there\n2\t\\N\n3\tback\\\\slash\n"
            let copied = try await connection.copyIn("COPY t FROM STDIN", data: Array(input.utf8))
            #expect(copied == 3)
            #expect(try await connection.query("SELECT body FROM t WHERE id = 1").first?["body"] == "tab\there")
            let output = try await connection.copyOut("COPY (SELECT * FROM t ORDER BY id) TO STDOUT")
            #expect(String(decoding: output, as: UTF8.self) == input)
        }
    }

    @Test func failedCopyReportsTheServerError() async throws {
        try await LocalPostgresCluster.with(logger: Fixtures.logger) { cluster in
            let connection = try await PostgresConnection.connect(to: cluster.connectionString(), logger: Fixtures.logger)
            try await connection.execute("CREATE TABLE t (id int)")
            let error = await #expect(throws: PostgresError.self) {
                try await connection.copyIn("COPY t FROM STDIN", data: Array("not-a-number\n".utf8))
            }
            #expect(error?.sqlState == "22P02")
            #expect(try await connection.query("SELECT 1 AS one").first?["one"] == "1")
        }
    }

    @Test func listenReceivesNotifications() async throws {
        try await LocalPostgresCluster.with(logger: Fixtures.logger) { cluster in
            let listener = try await PostgresConnection.connect(to: cluster.connectionString(), logger: Fixtures.logger)
            let sender = try await PostgresConnection.connect(to: cluster.connectionString(), logger: Fixtures.logger)
            try await listener.listen("regiond_test")
            #expect(try await listener.notifications(waitingUpTo: .zero).isEmpty)
            try await sender.query("SELECT pg_notify('regiond_test', $1)", ["hello"])
            var received: [PostgresNotification] = []
            for _ in 0..<50 where received.isEmpty {
                received = try await listener.notifications(waitingUpTo: .milliseconds(200))
            }
            #expect(received.map(\.payload) == ["hello"])
            #expect(received.first?.channel == "regiond_test")
        }
    }

    @Test func reconnectsAfterTheBackendIsKilled() async throws {
        try await LocalPostgresCluster.with(logger: Fixtures.logger) { cluster in
            let connection = try await PostgresConnection.connect(to: cluster.connectionString(), logger: Fixtures.logger)
            let killer = try await PostgresConnection.connect(to: cluster.connectionString(), logger: Fixtures.logger)
            let pid = try #require(try await connection.query("SELECT pg_backend_pid() AS pid").first?["pid"])
            try await killer.query("SELECT pg_terminate_backend($1::int)", [pid])
            let lost = await #expect(throws: PostgresError.self) { try await connection.query("SELECT 1") }
            #expect(lost?.kind == .connectionLost)
            let newPID = try await connection.query("SELECT pg_backend_pid() AS pid").first?["pid"]
            #expect(newPID != nil && newPID != pid)
        }
    }

    @Test func connectFailureIsTypedAndRetriedWithBackoff() async throws {
        let port = try await LocalPostgresCluster.with(logger: Fixtures.logger) { $0.port }
        let policy = ReconnectPolicy(initialDelay: .milliseconds(10), maximumDelay: .milliseconds(20), maximumAttempts: 3)
        let error = await #expect(throws: PostgresError.self) {
            try await PostgresConnection.connect(
                to: ConnectionString("host=127.0.0.1 port=\(port) user=postgres password=hunter2 connect_timeout=2"),
                logger: Fixtures.logger, reconnect: policy)
        }
        #expect(error?.kind == .connect)
        #expect(error?.description.contains("hunter2") == false)
    }

    @Test func redactedConnectionStringHidesThePassword() {
        let keyValue = ConnectionString("host=db.internal port=5432 user=app password='s3cr3t word' dbname=app")
        #expect(!keyValue.redacted.contains("s3cr3t"))
        #expect(keyValue.redacted.contains("host=db.internal"))
        let uri = ConnectionString("postgresql://app:s3cr3t@db.internal:5432/app")
        #expect(!uri.description.contains("s3cr3t"))
        #expect(uri.description.contains("user=app"))
    }

    @Test(arguments: [
        "host=db.internal user=app sslpassword=k3yphrase sslkey=/etc/app.key dbname=app",
        "postgresql://app:k3yphrase@db.internal/app",
        "postgresql://app@db.internal/app?password=k3yphrase",
        "postgresql://app@db.internal/app?sslpassword=k3yphrase&sslmode=require",
    ])
    func redactedConnectionStringHidesEverySecret(_ raw: String) {
        let redacted = ConnectionString(raw).redacted
        #expect(!redacted.contains("k3yphrase"))
        #expect(redacted.contains("host=db.internal"))
    }

    @Test func backoffGrowsAndIsCapped() {
        let policy = ReconnectPolicy(initialDelay: .milliseconds(100), maximumDelay: .seconds(1), maximumAttempts: 10)
        #expect(policy.delay(afterAttempt: 0) == .milliseconds(100))
        #expect(policy.delay(afterAttempt: 2) == .milliseconds(400))
        #expect(policy.delay(afterAttempt: 9) == .seconds(1))
    }
}
