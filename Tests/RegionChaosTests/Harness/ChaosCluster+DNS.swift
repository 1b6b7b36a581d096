import Foundation
import RegionAudit
import RegionCore
import RegionDNS

extension ChaosCluster {
    /// The region the file DNS provider's document sends `geo` to, nil before the first publication.
    func servedInDNSFile(_ geo: String) -> String? {
        guard let data = FileManager.default.contents(atPath: deployment.dnsPath),
              let document = try? JSONDecoder().decode(DNSZoneDocument.self, from: data)
        else { return nil }
        return document.geos.first { $0.name == geo }?.served
    }

    /// Waits until `resolve(geo)` gives `region`.
    func waitUntil(
        _ geo: String, isServedBy region: RegionName, timeout: Duration = .seconds(60),
        resolve: (String) async -> String?
    ) async throws {
        let deadline = ContinuousClock.now + timeout
        var last: String?
        while ContinuousClock.now < deadline {
            last = await resolve(geo)
            if last == region.rawValue { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw ChaosHarnessError.timedOut(
            "\(geo) users sent to \(region) (last answer: \(last ?? "none"))",
            detail: ChaosDeployment.regions.map { "--- \($0)\n" + String(agentLog($0).suffix(1_500)) }.joined(separator: "\n"))
    }

    /// The `dns-change` records in a region's residency log, with their times. The agent may
    /// be rotating a segment while it is read (a file listed, then renamed), so a failed read
    /// is retried.
    func dnsChanges(recordedBy region: RegionName) throws -> [AuditRecord] {
        let reader = ResidencyLogReader(directory: deployment.auditDirectory(region))
        for _ in 0..<10 {
            if let records = try? reader.records() { return records.filter { $0.event.kind == .dnsChange } }
            usleep(20_000)
        }
        return try reader.records().filter { $0.event.kind == .dnsChange }
    }

    /// Returns as soon as the files of a region's residency log change (a segment being
    /// closed, compressed or opened), polling every 2 ms; false after `timeout`.
    func waitForSegmentChange(of region: RegionName, timeout: Duration = .seconds(3)) async -> Bool {
        let directory = deployment.auditDirectory(region)
        let before = Set((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if Set((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []) != before { return true }
            try? await Task.sleep(for: .milliseconds(2))
        }
        return false
    }

    /// Closed (rotated) segments in a region's residency log.
    func closedSegments(of region: RegionName) -> Int {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: deployment.auditDirectory(region))) ?? []
        return files.filter { $0.hasSuffix(".gz") }.count
    }
}
