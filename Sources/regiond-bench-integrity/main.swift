import Foundation
import Logging
import RegionCore
import RegionIntegrity

// Integrity-check benchmark: two regions (two PostgreSQL clusters) with the same rows,
// (a) in sync, (b) with rows changed behind regiond's back in one region, and a full-table
// hash comparison in the same run as the baseline. Seoul checks tokyo through tokyo's
// integrity endpoints over signed HTTP, as agents do. Exits 1 when an objective is missed.
//
// Usage: regiond-bench-integrity [rows] [differing rows]   (defaults 1000000 and 100)

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0.replacingOccurrences(of: "_", with: "")) }
let rowCount = arguments.first ?? 1_000_000
let differingCount = arguments.dropFirst().first ?? 100
let logger = Logger(label: "regiond.bench.integrity")

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

func wallClock() -> Timestamp { Timestamp(milliseconds: Int64(Date().timeIntervalSince1970 * 1000)) }

func check(_ seoul: BenchmarkRegion, _ tokyo: BenchmarkTransport, repair: Bool) async throws -> (result: TableCheckResult, bytes: Int, elapsed: Duration) {
    let meter = ExchangeMeter()
    let checker = IntegrityChecker(config: BenchmarkDeployment.config(), local: seoul.store, remote: tokyo.tokyo(meter: meter), logger: logger)
    let start = ContinuousClock.now
    let result = try await checker.check(table: BenchmarkDeployment.table, now: wallClock(), repair: repair)
    return (result, await meter.bytes, ContinuousClock.now - start)
}

func report(_ label: String, _ run: (result: TableCheckResult, bytes: Int, elapsed: Duration)) {
    let r = run.result
    print(String(format: "%@: %.2f s, %d bytes exchanged, %d rows compared, %d blocks compared, %d rows listed, %d differing, %d repaired, %d unrepaired",
                 label, seconds(run.elapsed), run.bytes, r.rowsCompared, r.blocksCompared, r.rowsListed, r.differing, r.repaired, r.unrepaired.count))
}

var failures: [String] = []
let seoul = try await BenchmarkRegion.start(BenchmarkDeployment.seoul, logger: logger)
let tokyo = try await BenchmarkRegion.start(BenchmarkDeployment.tokyo, logger: logger)
let transport = try await BenchmarkTransport.start(serving: tokyo.store, logger: logger)
do {
    let settled = HLC(physicalMilliseconds: wallClock().milliseconds - 3_600_000)
    let loadStart = ContinuousClock.now
    async let seoulLoaded: Void = seoul.load(rows: rowCount, settledAt: settled)
    async let tokyoLoaded: Void = tokyo.load(rows: rowCount, settledAt: settled)
    _ = try await (seoulLoaded, tokyoLoaded)
    print(String(format: "loaded %d rows per region in %.1f s (every 50th row Korean: held in seoul only)", rowCount, seconds(ContinuousClock.now - loadStart)))

    let inSync = try await check(seoul, transport, repair: false)
    report("(a) in sync", inSync)
    let full = try await FullTableComparison.run(seoul.connection, tokyo.connection)
    print(String(format: "    full-table hash comparison: %.2f s, %d bytes, %d differing", seconds(full.elapsed), full.bytes, full.differing))
    print(String(format: "    ratio full/descent: %.0fx bytes, %.2fx time", Double(full.bytes) / Double(max(1, inSync.bytes)), seconds(full.elapsed) / seconds(inSync.elapsed)))
    if seconds(inSync.elapsed) >= 20 { failures.append("in-sync check took \(seconds(inSync.elapsed)) s (objective < 20 s)") }
    if inSync.bytes >= 1_000_000 { failures.append("in-sync check exchanged \(inSync.bytes) bytes (objective < 1 MB)") }
    if inSync.result.differing != 0 { failures.append("in-sync check reported \(inSync.result.differing) differing rows") }

    try await tokyo.diverge(count: differingCount, rows: rowCount)
    let fullDiverged = try await FullTableComparison.run(seoul.connection, tokyo.connection)
    let repaired = try await check(seoul, transport, repair: true)
    report("(b) \(differingCount) rows changed in tokyo behind regiond's back, with repair", repaired)
    print(String(format: "    full-table hash comparison: %.2f s, %d bytes, %d differing", seconds(fullDiverged.elapsed), fullDiverged.bytes, fullDiverged.differing))
    print(String(format: "    ratio full/descent: %.0fx bytes, %.2fx time", Double(fullDiverged.bytes) / Double(max(1, repaired.bytes)), seconds(fullDiverged.elapsed) / seconds(repaired.elapsed)))
    if repaired.result.differing != differingCount || repaired.result.repaired != differingCount {
        failures.append("found \(repaired.result.differing) and repaired \(repaired.result.repaired) of \(differingCount) differing rows")
    }
    let after = try await check(seoul, transport, repair: false)
    report("(c) after the repair", after)
    if after.result.differing != 0 { failures.append("\(after.result.differing) rows still differ after the repair") }
} catch {
    failures.append("benchmark failed: \(error)")
}
await transport.stop()
await seoul.shutdown()
await tokyo.shutdown()
if failures.isEmpty {
    print("all objectives met")
} else {
    failures.forEach { print("MISSED: \($0)") }
    exit(1)
}
