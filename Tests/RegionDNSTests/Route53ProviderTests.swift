import Foundation
import Logging
import RegionCore
import RegionDNS
import RegionNet
import Testing

@Suite(.enabled(if: MotoServer.isInstalled || ProcessInfo.processInfo.environment["REGIOND_REQUIRE_INTEGRATION"] != nil, "needs moto_server (pip install 'moto[server]')"))
struct Route53ProviderTests {
    let logger = Logger(label: "test.route53")

    @Test func publishesGeolocationRecordsIdempotentlyAndFailsOver() async throws {
        let client = try HTTPClient(logger: logger)
        let moto = try await MotoServer(client: client)
        defer { moto.stop() }
        do {
            let zoneID = try await moto.createHostedZone("example.com.", client: client)
            let provider = Route53Provider(
                config: TestDeployment.config(), hostedZoneID: zoneID, accessKeyID: "AKIDEXAMPLE", secretAccessKey: "secret",
                client: client, endpoint: moto.endpoint, pollInterval: .milliseconds(100), logger: logger
            )

            let created = try await provider.apply(TestDeployment.desired())
            #expect(created.changes.count == 12)
            #expect(Set(try await provider.currentRecords()) == Set(try provider.render(TestDeployment.desired())))
            #expect(try await !provider.apply(TestDeployment.desired()).changedAnything)

            let failover = try await provider.apply(TestDeployment.desired(down: ["seoul"]))
            #expect(Set(failover.changes.compactMap { $0.after?.setIdentifier }) == ["kr-KR", "world"])
            let korea = try await provider.currentRecords().first { $0.name == "*.shop.example.com." && $0.setIdentifier == "kr-KR" }
            #expect(korea?.values == [TestDeployment.tokyoAddress])
        } catch {
            await client.shutdown()
            throw error
        }
        await client.shutdown()
    }
}
