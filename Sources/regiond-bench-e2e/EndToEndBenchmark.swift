import Foundation
import Logging
import RegionCore
import RegionPostgres
import RegionReplication

/// End-to-end replication benchmark: three regions on loopback (real PostgreSQL, real
/// agents' replication over signed HTTP), a sustained write load across them, then lag per
/// tier from origin commit to apply, measured by the databases' clocks.
@main
struct EndToEndBenchmark {
    static func main() async {
        do {
            try await run(settings: .fromEnvironment())
        } catch {
            FileHandle.standardError.write(Data("regiond-bench-e2e: \(error)\n".utf8))
            exit(1)
        }
    }

    static func run(settings: BenchmarkSettings) async throws {
        var logger = Logger(label: "regiond.bench-e2e")
        logger.logLevel = .warning
        print("regiond-bench-e2e: 3 regions (seoul KR, tokyo JP, frankfurt DE), \(settings.writesPerSecond) writes/s for \(settings.duration)")
        print("logs tier: batch window scaled to \(settings.logsWindow) for this run (production: 4 min window, 5 min objective)")
        let cluster = try await BenchmarkCluster.start(settings: settings, logger: logger)
        do {
            try await measure(cluster, settings: settings)
        } catch {
            await cluster.shutdown()
            throw error
        }
        await cluster.shutdown()
    }

    static func measure(_ cluster: BenchmarkCluster, settings: BenchmarkSettings) async throws {
        let nodes = Task {
            try await withThrowingDiscardingTaskGroup { group in
                for region in cluster.regions { group.addTask { try await region.node.run() } }
            }
        }
        defer { nodes.cancel() }
        let start = ContinuousClock.now
        let written = try await withThrowingTaskGroup(of: [String: Int].self) { group in
            for (index, region) in cluster.regions.enumerated() {
                let generator = LoadGenerator(
                    regionIndex: index, session: region.session,
                    rowsPerSecond: Double(settings.writesPerSecond) * BenchmarkTopology.writeShare[index], duration: settings.duration)
                group.addTask { try await generator.run() }
            }
            return try await group.reduce(into: [String: Int]()) { total, counts in total.merge(counts, uniquingKeysWith: +) }
        }
        let loadSeconds = (ContinuousClock.now - start).seconds
        let total = written.values.reduce(0, +)
        print(String(format: "writes: %d rows in %.1f s = %.0f rows/s (%@)", total, loadSeconds, Double(total) / loadSeconds,
                     BenchmarkTopology.tables.map { "\($0.0) \(written[$0.1] ?? 0)" }.joined(separator: ", ")))

        let applied = try await waitForConvergence(cluster, timeout: settings.logsWindow * 3 + .seconds(60))
        let convergedSeconds = (ContinuousClock.now - start).seconds
        print(String(format: "applied: %d rows in receiving regions, converged %.1f s after the load started = %.0f rows/s",
                     applied, convergedSeconds, Double(applied) / convergedSeconds))
        for (tier, table, _) in BenchmarkTopology.tables {
            let lag = LagSummary(milliseconds: try await lags(table, in: cluster))
            print("\(tier) lag (origin commit -> applied): \(lag.description)")
        }
        var logs = DeliverySummary()
        for region in cluster.regions {
            if let statistics = await region.node.service.replicator.deliveryStatistics()["logs"] { logs.add(statistics) }
        }
        print(String(format: "logs delivered: %d compressed batches, %d rows, %d JSON bytes -> %d on the wire, compression ratio %.1fx",
                     logs.batches, logs.rows, logs.jsonBytes, logs.wireBytes, logs.ratio))
        print("goals: critical p99 < 1 s (objective 5 s), content p99 < 30 s, logs within their window")
    }

    /// Waits until every region holds its own rows and every global row of the others;
    /// returns the rows applied from peers.
    static func waitForConvergence(_ cluster: BenchmarkCluster, timeout: Duration) async throws -> Int {
        let deadline = ContinuousClock.now + timeout
        while true {
            var expected = 0
            var applied = 0
            var globalByRegion: [Int] = []
            for region in cluster.regions {
                globalByRegion.append(try await count("country NOT IN ('KR', 'DE') AND applied_at IS NULL", in: region.session))
            }
            for (index, region) in cluster.regions.enumerated() {
                expected += globalByRegion.enumerated().filter { $0.offset != index }.reduce(0) { $0 + $1.element }
                applied += try await count("applied_at IS NOT NULL", in: region.session)
            }
            if applied >= expected { return applied }
            guard ContinuousClock.now < deadline else {
                throw BenchmarkFailure("replication did not converge: \(applied) of \(expected) rows applied after \(timeout)")
            }
            try await Task.sleep(for: .milliseconds(500))
        }
    }

    static func count(_ condition: String, in session: PostgresConnection) async throws -> Int {
        var total = 0
        for (_, table, _) in BenchmarkTopology.tables {
            total += Int(try await session.query("SELECT count(*) FROM \(table) WHERE \(condition)").first?[0] ?? "0") ?? 0
        }
        return total
    }

    static func lags(_ table: String, in cluster: BenchmarkCluster) async throws -> [Double] {
        var lags: [Double] = []
        for region in cluster.regions {
            let rows = try await region.session.query(
                "SELECT extract(epoch FROM applied_at - written_at) * 1000 FROM \(table) WHERE applied_at IS NOT NULL")
            lags += rows.rows.compactMap { $0[0].flatMap(Double.init) }
        }
        return lags
    }
}
