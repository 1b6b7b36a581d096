import Foundation
import RegionCore
import Testing
@testable import RegionPostgres

/// Capture through the logical slot (`--capture logical`) against real PostgreSQL: the same
/// traps as the trigger capture, plus the slot's own (advance, exactly once, LWW against
/// writes not captured yet, TOAST).
@Suite("logical capture")
struct LogicalCaptureTests {
    let config = Fixtures.config(regions: ["seoul", "tokyo"])

    static func region(_ name: RegionName, in cluster: LocalPostgresCluster, config: RegionsConfig) async throws -> RegionDatabase {
        let database = "region_\(name.rawValue)"
        try await cluster.createDatabase(database, logger: Fixtures.logger)
        let connection = try await PostgresConnection.connect(to: cluster.connectionString(database: database), logger: Fixtures.logger)
        try await connection.execute(Fixtures.applicationSchema)
        try await SchemaInstaller(config: config, region: name, capture: .logical, logger: Fixtures.logger).install(using: connection)
        let applierConnection = try await PostgresConnection.connect(to: cluster.connectionString(database: database), logger: Fixtures.logger)
        let applier = try await ChangeApplier.load(tableNames: config.replicatedTables, connection: applierConnection, logger: Fixtures.logger)
        return RegionDatabase(name: name, connection: connection, reader: ChangeReader(connection: connection, logger: Fixtures.logger), applier: applier)
    }

    static func slot(of region: RegionDatabase) async throws -> (name: String, confirmed: LSN) {
        let row = try #require(try await region.connection.query("""
            SELECT slot_name, confirmed_flush_lsn::text AS confirmed FROM pg_replication_slots
            WHERE slot_name = (SELECT capture_slot FROM regiond.settings)
            """).first)
        return (try #require(row["slot_name"]), try #require(row["confirmed"].flatMap(LSN.init(text:))))
    }

    @Test func everyCommittedChangeIsCapturedOnceWithVersionTierAndClassAndNoTriggers() async throws {
        try await LocalPostgresCluster.with(logger: Fixtures.logger) { cluster in
            let seoul = try await Self.region("seoul", in: cluster, config: config)
            let triggers = try await seoul.connection.query("SELECT count(*) AS n FROM pg_trigger WHERE tgname LIKE 'regiond_%'")
            #expect(triggers.first?["n"] == "0")
            try await seoul.connection.execute("""
                INSERT INTO accounts (id, country, name) VALUES (1, 'KR', 'kim'), (2, 'DE', 'müller'), (3, NULL, 'anon'), (4, 'JP', 'sato');
                UPDATE accounts SET country = 'FR' WHERE id = 1;
                DELETE FROM accounts WHERE id = 4;
                UPDATE accounts SET id = 5 WHERE id = 3;
                """)
            try await seoul.connection.execute("BEGIN; INSERT INTO accounts (id, name) VALUES (9, 'rolled back'); ROLLBACK;")
            try await seoul.connection.execute("INSERT INTO posts (id, author, body, tags) VALUES (10, 1, 'hello', '{a,b}')")
            try await seoul.connection.execute("INSERT INTO events (source, id, payload) VALUES ('app', 1, '{\"k\": [1, 2]}')")
            let changes = try await seoul.drain(for: "tokyo", tiers: ["critical", "content", "logs"])
            let accounts = changes.filter { $0.table == "accounts" }
            #expect(accounts.map(\.operation) == [.insert, .insert, .insert, .insert, .update, .delete, .delete, .insert])
            #expect(accounts.map(\.classAfter) == ["kr-personal", "gdpr", nil, "global", "gdpr", nil, nil, nil])
            #expect(accounts[4].classBefore == "kr-personal")
            #expect(accounts[5].classBefore == "global")
            #expect(accounts[5].row == nil)
            #expect(accounts[6].primaryKey == "{\"id\": 3}")
            #expect(accounts[7].primaryKey == "{\"id\": 5}")
            #expect(accounts.allSatisfy { $0.version.origin == "seoul" && $0.tier == "critical" })
            #expect(accounts[4].version.hlc > accounts[0].version.hlc)
            let post = try #require(changes.first { $0.table == "posts" })
            #expect(post.row?.contains("\"tags\": [\"a\", \"b\"]") == true)
            let event = try #require(changes.first { $0.table == "events" })
            #expect(event.row?.contains("\"payload\": {\"k\": [1, 2]}") == true)
            // The rows are what the trigger would have captured: to_jsonb of the stored row.
            let stored = try await seoul.connection.query("SELECT to_jsonb(a)::text AS row FROM accounts a WHERE id = 2")
            #expect(accounts[1].row == stored.first?["row"])
            #expect(try await seoul.drain(for: "tokyo", tiers: ["critical", "content", "logs"]).isEmpty)
            let versions = try await seoul.connection.query("SELECT count(*) FILTER (WHERE deleted) AS tombstones, count(*) AS n FROM regiond.row_versions")
            #expect(versions.first?["n"] == "7")
            #expect(versions.first?["tombstones"] == "2")
        }
    }

    /// Trap (a): a long transaction that commits after later ones is captured when it commits.
    @Test func longTransactionCommittingLateIsNotSkipped() async throws {
        try await LocalPostgresCluster.with(logger: Fixtures.logger) { cluster in
            let seoul = try await Self.region("seoul", in: cluster, config: config)
            let slow = try await PostgresConnection.connect(to: cluster.connectionString(database: "region_seoul"), logger: Fixtures.logger)
            try await slow.execute("BEGIN")
            try await slow.execute("INSERT INTO accounts (id, country, name) VALUES (100, 'JP', 'slow')")
            try await seoul.connection.execute("INSERT INTO accounts (id, country, name) VALUES (101, 'JP', 'fast')")
            // The drain captured 101, but its changelog rows lie above the open transaction's
            // horizon, like the trigger's: the reader waits for it in both modes.
            let whileOpen = try await seoul.drain(for: "tokyo", tiers: ["critical"])
            #expect(whileOpen.isEmpty)
            #expect(try await seoul.connection.query("SELECT count(*) AS n FROM regiond.changelog").first?["n"] == "1")
            try await slow.execute("COMMIT")
            let afterCommit = try await seoul.drain(for: "tokyo", tiers: ["critical"])
            #expect(afterCommit.map(\.primaryKey) == ["{\"id\": 101}", "{\"id\": 100}"])
        }
    }

    /// Trap (b): writes only to tables outside the publication still move the slot on.
    @Test func filteredOnlyWritesAdvanceTheSlot() async throws {
        try await LocalPostgresCluster.with(logger: Fixtures.logger) { cluster in
            let seoul = try await Self.region("seoul", in: cluster, config: config)
            _ = try await seoul.reader.read(tier: "critical", after: .start)
            try await seoul.connection.execute("CREATE TABLE scratch (id int); INSERT INTO scratch SELECT generate_series(1, 1000)")
            let written = try #require(try await seoul.connection.query("SELECT pg_current_wal_insert_lsn()::text AS lsn").first?["lsn"].flatMap(LSN.init(text:)))
            #expect(try await Self.slot(of: seoul).confirmed < written)
            let batch = try await seoul.reader.read(tier: "critical", after: .start)
            #expect(batch.scanned == 0)
            #expect(try await Self.slot(of: seoul).confirmed >= written, "the slot keeps no WAL for writes it filtered")
        }
    }

    /// Trap (c): the applier's writes are not captured again; a later local write is, above them.
    @Test func appliedChangesAreNotCapturedAgain() async throws {
        try await LocalPostgresCluster.with(logger: Fixtures.logger) { cluster in
            let seoul = try await RegionDatabase.make("seoul", in: cluster, config: config)
            let tokyo = try await Self.region("tokyo", in: cluster, config: config)
            try await seoul.connection.execute("INSERT INTO accounts (id, country, name) VALUES (1, 'JP', 'a'), (2, 'JP', 'b')")
            let changes = try await seoul.drain(for: "tokyo", tiers: ["critical"])
            #expect(try await tokyo.applier.apply(changes.map(\.remote)).applied == 2)
            #expect(try await tokyo.drain(for: "seoul", tiers: ["critical"]).isEmpty)
            try await tokyo.connection.execute("UPDATE accounts SET name = 'a2' WHERE id = 1")
            let local = try await tokyo.drain(for: "seoul", tiers: ["critical"])
            #expect(local.count == 1)
            #expect(try #require(local.first).version > changes[0].version)
        }
    }

    /// A crash between the drain's commit and the slot's advance: the next drain decodes the
    /// same commits again and captures nothing twice.
    @Test func exactlyOnceWhenTheSlotWasNotAdvanced() async throws {
        try await LocalPostgresCluster.with(logger: Fixtures.logger) { cluster in
            let seoul = try await Self.region("seoul", in: cluster, config: config)
            let slot = try await Self.slot(of: seoul)
            try await seoul.connection.execute("INSERT INTO accounts (id, country, name) VALUES (1, 'JP', 'a'), (2, 'JP', 'b')")
            let drain = LogicalCaptureDrain(slot: slot.name, logger: Fixtures.logger)
            #expect(try await drain.drain(using: seoul.connection, advancing: false) == 2)
            #expect(try await Self.slot(of: seoul).confirmed == slot.confirmed)
            try await seoul.connection.execute("INSERT INTO accounts (id, country, name) VALUES (3, 'JP', 'c')")
            #expect(try await drain.drain(using: seoul.connection) == 1)
            #expect(try await Self.slot(of: seoul).confirmed > slot.confirmed)
            let changes = try await seoul.drain(for: "tokyo", tiers: ["critical"])
            #expect(changes.map(\.primaryKey) == ["{\"id\": 1}", "{\"id\": 2}", "{\"id\": 3}"])
        }
    }

    /// An unchanged TOASTed column is not sent by PostgreSQL; the captured row still has it.
    @Test func unchangedToastedValuesStayInTheCapturedRow() async throws {
        try await LocalPostgresCluster.with(logger: Fixtures.logger) { cluster in
            let seoul = try await Self.region("seoul", in: cluster, config: config)
            try await seoul.connection.execute("""
                ALTER TABLE posts ALTER COLUMN body SET STORAGE EXTERNAL;
                INSERT INTO posts (id, author, body) SELECT 1, 1, string_agg(md5(g::text), '') FROM generate_series(1, 200) g;
                """)
            _ = try await seoul.drain(for: "tokyo", tiers: ["content"])
            try await seoul.connection.execute("UPDATE posts SET author = 2 WHERE id = 1")
            let update = try #require(try await seoul.drain(for: "tokyo", tiers: ["content"]).first)
            let stored = try await seoul.connection.query("SELECT to_jsonb(p)::text AS row, length(body) AS length FROM posts p")
            #expect(stored.first?["length"] == "6400")
            #expect(update.operation == .update)
            #expect(update.row == stored.first?["row"])
        }
    }

    /// The LWW trap of logical mode: a local write committed but not drained yet must still
    /// beat an older remote change. The applier drains inside its snapshot before comparing.
    @Test func undrainedLocalWriteWinsOverAnOlderRemoteChange() async throws {
        try await LocalPostgresCluster.with(logger: Fixtures.logger) { cluster in
            let tokyo = try await Self.region("tokyo", in: cluster, config: config)
            try await tokyo.connection.execute("INSERT INTO accounts (id, country, name) VALUES (1, 'JP', 'old')")
            _ = try await tokyo.drain(for: "seoul", tiers: ["critical"])
            try await Task.sleep(for: .milliseconds(5))
            let older = HLC(rawValue: UInt64(Date().timeIntervalSince1970 * 1000) << 16)
            try await Task.sleep(for: .milliseconds(5))
            try await tokyo.connection.execute("UPDATE accounts SET name = 'local' WHERE id = 1")
            let remote = RemoteChange(
                table: "accounts", primaryKey: "{\"id\": 1}", version: Version(hlc: older, origin: "seoul"),
                row: "{\"id\": 1, \"country\": \"JP\", \"name\": \"remote\", \"balance\": 0}")
            #expect(try await tokyo.applier.apply([remote]).applied == 0)
            #expect(try await tokyo.connection.query("SELECT name FROM accounts WHERE id = 1").first?["name"] == "local")
            let local = try await tokyo.drain(for: "seoul", tiers: ["critical"])
            #expect(local.map(\.operation) == [.update])
            #expect(try #require(local.first).version.hlc > older)
        }
    }

    /// A local write committing after the apply transaction's snapshot makes the apply fail
    /// with a retryable serialization failure instead of overwriting it unseen.
    @Test func localCommitAfterTheApplySnapshotIsASerializationFailure() async throws {
        try await LocalPostgresCluster.with(logger: Fixtures.logger) { cluster in
            let tokyo = try await Self.region("tokyo", in: cluster, config: config)
            try await tokyo.connection.execute("INSERT INTO accounts (id, country, name) VALUES (1, 'JP', 'old')")
            let writer = try await PostgresConnection.connect(to: cluster.connectionString(database: "region_tokyo"), logger: Fixtures.logger)
            let applier = try await PostgresConnection.connect(to: cluster.connectionString(database: "region_tokyo"), logger: Fixtures.logger)
            let drain = LogicalCaptureDrain(slot: try await Self.slot(of: tokyo).name, logger: Fixtures.logger)
            let error = await #expect(throws: (any Error).self) {
                try await drain.inDrainedSnapshot(using: applier) { connection in
                    try await writer.execute("UPDATE accounts SET name = 'local' WHERE id = 1")
                    try await connection.execute("UPDATE accounts SET name = 'remote' WHERE id = 1")
                }
            }
            #expect(error.map(LogicalCaptureDrain.isRetryable) == true)
            #expect(try await tokyo.connection.query("SELECT name FROM accounts WHERE id = 1").first?["name"] == "local")
            // The retry sees the local write, drained, and compares against it.
            let versions = try await drain.inDrainedSnapshot(using: applier) { connection in
                try await connection.query("SELECT count(*) AS n FROM regiond.changelog WHERE op = 'U'").first?["n"]
            }
            #expect(versions == "1")
        }
    }

    @Test func twoRegionsConvergeWithConcurrentConflictingWrites() async throws {
        try await LocalPostgresCluster.with(logger: Fixtures.logger) { cluster in
            let seoul = try await Self.region("seoul", in: cluster, config: config)
            let tokyo = try await Self.region("tokyo", in: cluster, config: config)
            async let seoulWrites: Void = seoul.connection.execute("""
                INSERT INTO posts (id, author, body) SELECT g, 1, 'seoul ' || g FROM generate_series(1, 200) g;
                UPDATE posts SET body = 'seoul again' WHERE id % 3 = 0;
                DELETE FROM posts WHERE id % 7 = 0;
                """)
            async let tokyoWrites: Void = tokyo.connection.execute("""
                INSERT INTO posts (id, author, body) SELECT g, 2, 'tokyo ' || g FROM generate_series(100, 300) g;
                UPDATE posts SET body = 'tokyo again' WHERE id % 5 = 0;
                """)
            _ = try await (seoulWrites, tokyoWrites)
            for _ in 0..<2 {
                let fromSeoul = try await seoul.drain(for: "tokyo", tiers: ["content"])
                let fromTokyo = try await tokyo.drain(for: "seoul", tiers: ["content"])
                try await tokyo.applier.apply(fromSeoul.map(\.remote))
                try await seoul.applier.apply(fromTokyo.map(\.remote))
            }
            #expect(try await seoul.drain(for: "tokyo", tiers: ["content"]).isEmpty)
            let seoulRows = try await seoul.dump("posts", orderBy: "id")
            #expect(!seoulRows.isEmpty)
            #expect(seoulRows == (try await tokyo.dump("posts", orderBy: "id")))
        }
    }

    @Test func installUninstallAndSwitchingModesAreIdempotent() async throws {
        try await LocalPostgresCluster.with(logger: Fixtures.logger) { cluster in
            let seoul = try await Self.region("seoul", in: cluster, config: config)
            let logical = SchemaInstaller(config: config, region: "seoul", capture: .logical, logger: Fixtures.logger)
            try await logical.install(using: seoul.connection)
            #expect(try await InstalledSchema.read(using: seoul.connection)?.captureMode == .logical)
            let identity = try await seoul.connection.query("SELECT relreplident::text AS r FROM pg_class WHERE relname = 'accounts'")
            #expect(identity.first?["r"] == "f", "class_old of by-column residency needs the old row")
            // Written in logical mode, switched to triggers before a drain: still captured once.
            try await seoul.connection.execute("INSERT INTO accounts (id, country, name) VALUES (1, 'JP', 'before switch')")
            let trigger = SchemaInstaller(config: config, region: "seoul", capture: .trigger, logger: Fixtures.logger)
            try await trigger.install(using: seoul.connection)
            try await trigger.install(using: seoul.connection)
            #expect(try await InstalledSchema.read(using: seoul.connection)?.captureMode == .trigger)
            #expect(try await seoul.connection.query("SELECT count(*) AS n FROM pg_replication_slots").first?["n"] == "0")
            #expect(try await seoul.connection.query("SELECT count(*) AS n FROM pg_publication").first?["n"] == "0")
            try await seoul.connection.execute("INSERT INTO accounts (id, country, name) VALUES (2, 'JP', 'by trigger')")
            try await logical.install(using: seoul.connection)
            try await seoul.connection.execute("INSERT INTO accounts (id, country, name) VALUES (3, 'JP', 'by slot')")
            let fresh = RegionDatabase(
                name: "seoul", connection: seoul.connection, reader: ChangeReader(connection: seoul.connection, logger: Fixtures.logger),
                applier: seoul.applier)
            let changes = try await fresh.drain(for: "tokyo", tiers: ["critical"])
            #expect(changes.map(\.primaryKey) == ["{\"id\": 1}", "{\"id\": 2}", "{\"id\": 3}"])
            try await SchemaInstaller.uninstall(using: seoul.connection, logger: Fixtures.logger)
            try await SchemaInstaller.uninstall(using: seoul.connection, logger: Fixtures.logger)
            #expect(try await seoul.connection.query("SELECT count(*) AS n FROM pg_replication_slots").first?["n"] == "0")
            #expect(try await seoul.connection.query("SELECT count(*) AS n FROM pg_publication").first?["n"] == "0")
            #expect(try await InstalledSchema.read(using: seoul.connection) == nil)
        }
    }

    /// On a server restarted with `wal_level = replica`, logical install refuses with what to
    /// set; trigger install and apply (whose marker message needs no logical WAL) still work.
    @Test func walLevelBelowLogicalIsATypedErrorThatSaysWhatToSet() async throws {
        try await LocalPostgresCluster.with(logger: Fixtures.logger) { cluster in
            let admin = try await PostgresConnection.connect(to: cluster.connectionString(), logger: Fixtures.logger)
            try await admin.execute("ALTER SYSTEM SET wal_level = 'replica'")
            await admin.close()
            let data = cluster.directory.appendingPathComponent("data").path
            let pgCtl = LocalPostgresCluster.defaultBinaries.appendingPathComponent("pg_ctl").path
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, Error>) in
                Thread.detachNewThread {
                    continuation.resume(with: Result {
                        _ = try CommandRunner.forCurrentUser().run(pgCtl, ["restart", "-w", "-t", "60", "-D", data, "-l", cluster.directory.appendingPathComponent("server.log").path], step: "pg_ctl restart")
                    })
                }
            }
            try await cluster.createDatabase("region_seoul", logger: Fixtures.logger)
            let connection = try await PostgresConnection.connect(to: cluster.connectionString(database: "region_seoul"), logger: Fixtures.logger)
            try await connection.execute(Fixtures.applicationSchema)
            let logical = SchemaInstaller(config: config, region: "seoul", capture: .logical, logger: Fixtures.logger)
            await #expect(throws: LogicalCaptureError.walLevelNotLogical(current: "replica")) { try await logical.install(using: connection) }
            #expect(LogicalCaptureError.walLevelNotLogical(current: "replica").description.contains("restart"))
            try await SchemaInstaller(config: config, region: "seoul", logger: Fixtures.logger).install(using: connection)
            let applier = try await ChangeApplier.load(tableNames: config.replicatedTables, connection: connection, logger: Fixtures.logger)
            let remote = RemoteChange(
                table: "events", primaryKey: "{\"id\": 1, \"source\": \"x\"}", version: Version(hlc: HLC(rawValue: 1 << 40), origin: "tokyo"),
                row: "{\"id\": 1, \"source\": \"x\"}")
            #expect(try await applier.apply([remote]).applied == 1)
        }
    }
}
