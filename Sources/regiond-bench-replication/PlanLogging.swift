import Foundation
import RegionPostgres

/// `BENCH_EXPLAIN=DIR`: every statement of the regiond path logs its plan with
/// `EXPLAIN (ANALYZE, BUFFERS)` figures through auto_explain, and each cluster's server log
/// is copied into DIR before the clusters are removed; to see where a batch's time goes.
struct PlanLogging {
    let directory: String

    init?(environment: [String: String]) {
        guard let directory = environment["BENCH_EXPLAIN"], !directory.isEmpty else { return nil }
        self.directory = directory
    }

    func enable(on connection: PostgresConnection) async throws {
        try await connection.execute("""
            LOAD 'auto_explain';
            SET auto_explain.log_min_duration = 0; SET auto_explain.log_analyze = on; SET auto_explain.log_buffers = on;
            SET auto_explain.log_nested_statements = on; SET auto_explain.log_level = warning;
            """)
    }

    func keepLog(of cluster: LocalPostgresCluster, as name: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let target = URL(fileURLWithPath: directory).appendingPathComponent("\(name).log")
        try? FileManager.default.removeItem(at: target)
        try FileManager.default.copyItem(at: cluster.directory.appendingPathComponent("server.log"), to: target)
    }
}
