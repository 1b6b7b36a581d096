import RegionCore
import RegionPostgres
import Testing

/// The capture wakes readers with a NOTIFY naming the tier, at most once per window, from the
/// very first write after `regiond install` on.
@Suite("capture notifications")
struct CaptureNotificationTests {
    let config = Fixtures.config(regions: ["seoul", "tokyo"])

    @Test func firstWriteAfterInstallNotifiesItsTier() async throws {
        try await LocalPostgresCluster.with(logger: Fixtures.logger) { cluster in
            let seoul = try await RegionDatabase.make("seoul", in: cluster, config: config)
            let listener = try await PostgresConnection.connect(to: cluster.connectionString(database: "region_seoul"), logger: Fixtures.logger)
            try await listener.listen(InstallScript.notifyChannel)
            try await seoul.connection.execute("INSERT INTO posts (id, author, body) VALUES (1, 1, 'first')")
            var received: [PostgresNotification] = []
            for _ in 0..<50 where received.isEmpty {
                received = try await listener.notifications(waitingUpTo: .milliseconds(200))
            }
            #expect(received.map(\.payload) == ["content"])

            // A later window notifies again.
            try await Task.sleep(for: .milliseconds(InstallScript.notifyWindowMilliseconds * 3))
            try await seoul.connection.execute("DELETE FROM accounts WHERE id = 0; INSERT INTO accounts (id, name) VALUES (2, 'later')")
            received = []
            for _ in 0..<50 where received.isEmpty {
                received = try await listener.notifications(waitingUpTo: .milliseconds(200))
            }
            #expect(received.map(\.payload).contains("critical"))
            await listener.close()
        }
    }
}
