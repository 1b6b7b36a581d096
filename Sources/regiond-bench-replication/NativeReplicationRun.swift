import Foundation
import Logging
import RegionPostgres

/// Native publication/subscription: the workload is written with the subscription disabled
/// (the slot keeps the WAL), then the subscription is enabled and timed until the target
/// shows the workload's final marker row.
struct NativeReplicationRun {
    let source: LocalPostgresCluster
    let target: LocalPostgresCluster
    let settings: BenchmarkSettings
    let logger: Logger

    func run() async throws -> Measurement {
        try await source.createDatabase("native", logger: logger)
        try await target.createDatabase("native", logger: logger)
        let publisher = try await PostgresConnection.connect(to: source.connectionString(database: "native"), logger: logger)
        let subscriber = try await PostgresConnection.connect(to: target.connectionString(database: "native"), logger: logger)
        try await publisher.execute(settings.tableDDL)
        try await subscriber.execute(settings.tableDDL)
        try await publisher.execute("CREATE PUBLICATION bench FOR TABLE \((settings.tableNames + ["bench_marker"]).joined(separator: ", "))")
        try await subscriber.execute("""
            CREATE SUBSCRIPTION bench CONNECTION 'host=127.0.0.1 port=\(source.port) user=postgres dbname=native'
            PUBLICATION bench WITH (copy_data = false, enabled = false)
            """)
        try await Workload(settings: settings).run(on: publisher)
        let start = ContinuousClock.now
        try await subscriber.execute("ALTER SUBSCRIPTION bench ENABLE")
        try await waitForMarker(on: subscriber)
        let elapsed = (ContinuousClock.now - start).seconds
        try await checkSameRows(publisher, subscriber, tables: settings.tableNames)
        try await subscriber.execute("ALTER SUBSCRIPTION bench DISABLE")
        try await subscriber.execute("ALTER SUBSCRIPTION bench SET (slot_name = NONE)")
        try await subscriber.execute("DROP SUBSCRIPTION bench")
        try await publisher.execute("SELECT pg_drop_replication_slot('bench')")
        await publisher.close()
        await subscriber.close()
        return Measurement(changes: settings.totalChanges, seconds: elapsed)
    }
}
