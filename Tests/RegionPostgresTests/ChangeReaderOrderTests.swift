import RegionCore
import RegionPostgres
import Testing

/// The reader pages through the changelog in `(txid, seq)` order. A txid is an integer, and
/// the order must stay numeric where its decimal text would sort differently: across a
/// power of ten, "1000" sorts before "999", and a page that starts at "1000" used to move
/// the position past every transaction from 999 down.
@Suite("change reader order")
struct ChangeReaderOrderTests {
    let config = Fixtures.config(regions: ["seoul", "tokyo"])

    @Test func smallPagesAcrossAPowerOfTenOfTxidsReadEveryCommittedChangeOnceInOrder() async throws {
        try await LocalPostgresCluster.with(logger: Fixtures.logger) { cluster in
            let seoul = try await RegionDatabase.make("seoul", in: cluster, config: config)
            let dsn = cluster.connectionString(database: "region_seoul")
            let long = try await PostgresConnection.connect(to: dsn, logger: Fixtures.logger)
            let other = try await PostgresConnection.connect(to: dsn, logger: Fixtures.logger)
            let quick = try await PostgresConnection.connect(to: dsn, logger: Fixtures.logger)
            try await Self.consumeTransactionIDs(upTo: try await Self.justBelowNextPowerOfTen(on: quick), on: quick)

            var pager = Pager(reader: seoul.reader, tier: "critical", pageSize: 2)
            var id = 0
            func insert(on connection: PostgresConnection) async throws {
                id += 1
                try await connection.execute("INSERT INTO accounts (id, country, name) VALUES (\(id), 'JP', 'writer')")
            }

            try await long.execute("BEGIN")
            try await insert(on: long)
            for _ in 0..<4 { try await insert(on: quick) }
            try await pager.readAvailable()
            #expect(pager.changes.isEmpty, "the open transaction holds the horizon below every later one")
            try await other.execute("BEGIN")
            try await insert(on: other)
            try await insert(on: long)
            try await long.execute("COMMIT")
            for _ in 0..<4 { try await insert(on: quick) }
            try await pager.readAvailable()
            try await insert(on: other)
            for _ in 0..<4 { try await insert(on: quick) }
            try await other.execute("COMMIT")
            for _ in 0..<8 { try await insert(on: quick) }
            try await pager.readAvailable()

            let committed = try await seoul.connection.query(
                "SELECT c.txid::text AS txid, c.seq FROM regiond.changelog c ORDER BY c.txid, c.seq")
            let expected = committed.rows.compactMap { row in
                row["txid"].flatMap(UInt64.init).flatMap { txid in row["seq"].flatMap(Int64.init).map { ChangePosition(txid: txid, seq: $0) } }
            }
            let digitCounts = Set(expected.map { String($0.txid).count })
            try #require(digitCounts.count == 2, "the changes must span a power of ten of txids: \(expected)")
            #expect(expected.count == id)
            #expect(pager.changes.map(\.position) == expected)
        }
    }

    /// Reads pages after the last end until a page comes back empty, as a daemon does.
    struct Pager {
        let reader: ChangeReader
        let tier: String
        let pageSize: Int
        var position = ChangePosition.start
        var changes: [CapturedChange] = []

        init(reader: ChangeReader, tier: String, pageSize: Int) {
            self.reader = reader
            self.tier = tier
            self.pageSize = pageSize
        }

        mutating func readAvailable() async throws {
            while true {
                let batch = try await reader.read(tier: tier, after: position, limit: pageSize)
                guard batch.scanned > 0 else { return }
                changes += batch.changes
                position = batch.end
            }
        }
    }

    /// A txid a few transactions below the next power of ten, leaving room for the
    /// test's own transactions to cross it.
    static func justBelowNextPowerOfTen(on connection: PostgresConnection) async throws -> UInt64 {
        let current = try #require(try await connection.query("SELECT pg_current_xact_id()::text AS x").first?["x"].flatMap(UInt64.init))
        var power: UInt64 = 10
        while power < current + 20 { power *= 10 }
        return power - 6
    }

    /// Commits empty write transactions until the next one gets `txid`.
    static func consumeTransactionIDs(upTo txid: UInt64, on connection: PostgresConnection) async throws {
        try await connection.execute("""
            DO $$
            BEGIN
                WHILE pg_current_xact_id() < '\(txid - 1)'::xid8 LOOP
                    COMMIT;
                END LOOP;
                COMMIT;
            END
            $$
            """)
    }
}
