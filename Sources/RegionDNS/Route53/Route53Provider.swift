import Foundation
import Logging
import RegionCore
import RegionNet

/// Publishes the failover plan to Amazon Route 53 as geolocation records (country,
/// continent, and the `*` default), in one all-or-nothing change batch, and returns once
/// Route 53 reports the change `INSYNC` on its name servers.
///
/// Manages only the A/AAAA sets with a `SetIdentifier` at the service's hostnames.
public struct Route53Provider: DNSProvider {
    private let api: Route53API
    private let records: Route53Records
    private let pollInterval: Duration
    private let publishTimeout: Duration
    private let logger: Logger

    /// - Parameters:
    ///   - endpoint: `https://route53.amazonaws.com`, or a compatible endpoint for tests.
    ///   - publishTimeout: how long to wait for `INSYNC` (regions.yaml `dns.apply_timeout`).
    public init(
        config: RegionsConfig, hostedZoneID: String, accessKeyID: String, secretAccessKey: String, client: HTTPClient,
        endpoint: String = "https://route53.amazonaws.com", pollInterval: Duration = .seconds(2),
        publishTimeout: Duration? = nil, requestsPerSecond: Int = 5, logger: Logger
    ) {
        let signer = AWSSigV4Signer(accessKeyID: accessKeyID, secretAccessKey: secretAccessKey, region: "us-east-1", service: "route53")
        api = Route53API(client: client, endpoint: endpoint, hostedZoneID: hostedZoneID, signer: signer,
                         pacer: RequestPacer(interval: .milliseconds(1000 / max(requestsPerSecond, 1))), timeout: .seconds(10))
        records = Route53Records(config: config)
        self.pollInterval = pollInterval
        self.publishTimeout = publishTimeout ?? config.dns.applyTimeout
        self.logger = logger
    }

    public var name: String { api.name }

    public func currentRecords() async throws -> [DNSRecordSet] {
        let managed = Set(records.config.service.hostnames)
        return try await api.listRecordSets().filter { set in
            managed.contains(set.name) && (set.type == "A" || set.type == "AAAA") && set.setIdentifier != nil
        }
    }

    public func render(_ desired: DesiredDNSState) throws -> [DNSRecordSet] {
        try records.render(desired)
    }

    public func apply(_ desired: DesiredDNSState) async throws -> DNSApplyReport {
        let changes = DNSRecordChange.between(current: try await currentRecords(), desired: try records.render(desired))
        guard !changes.isEmpty else { return DNSApplyReport(provider: name, changes: []) }
        let changeID = try await api.change(changes)
        logger.info("route53 change submitted", metadata: ["change": "\(changeID)", "sets": "\(changes.count)"])
        try await waitUntilInSync(changeID)
        return DNSApplyReport(provider: name, changes: changes)
    }

    private func waitUntilInSync(_ changeID: String) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now + publishTimeout
        while try await api.status(ofChange: changeID) != "INSYNC" {
            guard clock.now + pollInterval < deadline else {
                throw DNSProviderError.notPublished(provider: name, changeID: changeID, waited: publishTimeout)
            }
            try await Task.sleep(for: pollInterval)
        }
    }
}
