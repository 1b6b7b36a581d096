import Foundation
import RegionCore
import RegionDNS
import Testing

struct FileDNSProviderTests {
    private func withTemporaryDirectory(_ body: (URL) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("regiond-file-dns-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try await body(directory)
    }

    @Test func writesEveryGeoForEveryHostnameAndIsIdempotent() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.appendingPathComponent("dns.json").path
            let provider = FileDNSProvider(config: TestDeployment.config(), path: path)

            let first = try await provider.apply(TestDeployment.desired())
            #expect(first.changes.count == 8)
            let document = try #require(try provider.storedDocument())
            #expect(document.geos.map(\.name) == ["kr", "sea", "jp", "world"])
            #expect(document.records.contains(DNSRecordSet(name: "*.shop.example.com.", type: "A", ttl: 5, values: [TestDeployment.seoulAddress], setIdentifier: "kr")))

            let written = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date
            let again = try await provider.apply(TestDeployment.desired())
            #expect(!again.changedAnything)
            #expect(try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date == written)
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["dns.json"])
        }
    }

    @Test func failoverReplacesOnlyTheAffectedGeos() async throws {
        try await withTemporaryDirectory { directory in
            let provider = FileDNSProvider(config: TestDeployment.config(), path: directory.appendingPathComponent("dns.json").path)
            _ = try await provider.apply(TestDeployment.desired())
            let failover = try await provider.apply(TestDeployment.desired(down: ["seoul"]))
            let changed = Set(failover.changes.compactMap { $0.after?.setIdentifier })
            #expect(changed == ["kr", "world"])
            #expect(failover.changes.count == 4)
            let kr = try #require(try provider.storedDocument()?.geos.first)
            #expect(kr.served == "tokyo")
        }
    }

    @Test func missingDirectoryIsAFileSystemError() async {
        let provider = FileDNSProvider(config: TestDeployment.config(), path: "/nonexistent-\(UUID().uuidString)/dns.json")
        await #expect(throws: DNSProviderError.self) { try await provider.apply(TestDeployment.desired()) }
    }
}
