import Foundation
import Logging
@testable import RegionAgent
import RegionCore
import Testing

@Suite("Configuration reload (SIGHUP)")
struct ConfigReloadTests {
    @Test func invalidFileIsRefusedAndAValidChangeIsApplied() async throws {
        let cluster = try InMemoryCluster()
        let runtime = try #require(cluster.runtimes.read()["seoul"])
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("regiond-reload-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let deployment = TestDeployment(directory: directory, agentPorts: ["seoul": 1, "singapore": 2, "tokyo": 3], databasePorts: [:])
        let path = directory.appendingPathComponent("regions.yaml").path
        let reloader = ConfigReloadService(path: path, runtime: runtime, log: nil, clock: cluster.clock, logger: Logger(label: "test"))

        try deployment.yaml.replacingOccurrences(of: "interval: 500ms", with: "interval: often")
            .write(toFile: path, atomically: true, encoding: .utf8)
        await reloader.reload()
        #expect(await runtime.core.config == cluster.config)

        let changed = deployment.yaml.replacingOccurrences(of: "  interval: 500ms", with: "  interval: 700ms")
        try changed.write(toFile: path, atomically: true, encoding: .utf8)
        await reloader.reload()
        #expect(await runtime.core.config.health.interval == .milliseconds(700))
    }
}
