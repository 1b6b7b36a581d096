import Foundation
import Logging
import RegionCore
import RegionPostgres

/// regiond's path on the same workload: captured while it is written (by the triggers) or
/// by the first read (logical capture drains the slot then, and that time counts), then
/// timed from the first changelog read until the target applied everything (read the next
/// batch while the previous one applies, acknowledge, repeat).
struct RegiondReplicationRun {
    let source: LocalPostgresCluster
    let target: LocalPostgresCluster
    let settings: BenchmarkSettings
    let logger: Logger
    var capture: CaptureMode = .trigger

    private var database: String { capture == .trigger ? "regiond" : "regiond_\(capture.rawValue)" }

    var config: RegionsConfig {
        let tables = settings.tableNames + ["bench_marker"]
        return RegionsConfig(
            service: ServiceConfig(zone: "bench.invalid.", hostnames: ["app.bench.invalid."], ttl: .seconds(30)),
            objectives: Objectives(), health: HealthSettings(), dns: DNSSettings(provider: .file(path: "/dev/null")),
            regions: ["source", "target"].map {
                RegionConfig(name: RegionName($0), role: .secondary, traffic: 50, jurisdiction: "KR", addresses: ["127.0.0.1"],
                             agentURL: "http://127.0.0.1:1", database: .environment("UNUSED"))
            },
            geos: [GeoConfig(name: "all", preference: ["source", "target"], isDefault: true)],
            tiers: [TierConfig(name: "bulk", maxLag: .seconds(30), tables: tables, batchWindow: .seconds(1), maxBatchRows: settings.batchRows)],
            residency: ResidencyConfig(
                classes: [ResidencyClass(name: "global", allowedRegions: ["source", "target"])],
                tables: Dictionary(uniqueKeysWithValues: tables.map { ($0, TableResidency.fixed(className: "global")) })))
    }

    func run() async throws -> Measurement {
        try await source.createDatabase(database, logger: logger)
        try await target.createDatabase(database, logger: logger)
        let origin = try await PostgresConnection.connect(to: source.connectionString(database: database), logger: logger)
        let destination = try await PostgresConnection.connect(to: target.connectionString(database: database), logger: logger)
        try await origin.execute(settings.tableDDL)
        try await destination.execute(settings.tableDDL)
        try await SchemaInstaller(config: config, region: "source", capture: capture, logger: logger).install(using: origin)
        try await SchemaInstaller(config: config, region: "target", capture: capture, logger: logger).install(using: destination)
        try await Workload(settings: settings).run(on: origin)

        let planLogging = PlanLogging(environment: ProcessInfo.processInfo.environment)
        try await planLogging?.enable(on: origin)
        try await planLogging?.enable(on: destination)
        let reader = ChangeReader(connection: origin, logger: logger)
        var applyConnections = [destination]
        for _ in 1..<settings.applyConnections {
            applyConnections.append(try await PostgresConnection.connect(to: target.connectionString(database: database), logger: logger))
        }
        let applier = try await ChangeApplier.load(tableNames: config.replicatedTables, connections: applyConnections, logger: logger)
        let start = ContinuousClock.now
        var position = ChangePosition.start
        var batches = 0
        var applied = 0
        let expected = settings.totalChanges + 1
        var idlePolls = 0
        var steps = StepSeconds()
        var next = try await reader.read(tier: "bulk", after: position, limit: settings.batchRows)
        while applied < expected {
            let current = next
            // An empty read means a transaction (autovacuum's ANALYZE, say) holds the snapshot
            // horizon back; the daemon would wait for the next NOTIFY, the benchmark polls.
            if current.scanned == 0 {
                idlePolls += 1
                guard idlePolls < 6_000 else {
                    throw BenchmarkError("regiond path stalled: \(applied) of \(expected) changes shipped, nothing new for 30 s")
                }
                try await Task.sleep(for: .milliseconds(5))
            } else {
                idlePolls = 0
            }
            async let following = measured { try await reader.read(tier: "bulk", after: current.end, limit: settings.batchRows) }
            let (outcome, applySeconds) = try await measured { try await applier.apply(current.changes.map(\.remote)) }
            applied += outcome.received
            steps.applying += applySeconds
            position = current.end
            let (batch, readSeconds) = try await following
            next = batch
            steps.reading += readSeconds
            if current.scanned > 0 { batches += 1 }
        }
        try await reader.acknowledge(peer: "target", tier: "bulk", through: position)
        let elapsed = (ContinuousClock.now - start).seconds
        try await waitForMarker(on: destination)
        try await checkSameRows(origin, destination, tables: settings.tableNames)
        await origin.close()
        for connection in applyConnections { await connection.close() }
        try planLogging?.keepLog(of: source, as: "source")
        try planLogging?.keepLog(of: target, as: "target")
        return Measurement(changes: settings.totalChanges, seconds: elapsed, batches: batches, steps: steps)
    }
}

/// Where the regiond path spends its time. Reads overlap applies, so the sum exceeds the
/// elapsed time; the larger of the two is the bottleneck.
struct StepSeconds {
    var reading = 0.0
    var applying = 0.0
}

func measured<T>(_ body: () async throws -> T) async rethrows -> (T, Double) {
    let start = ContinuousClock.now
    let value = try await body()
    return (value, (ContinuousClock.now - start).seconds)
}
