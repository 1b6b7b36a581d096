import Logging
import RegionCore
import RegionNet

/// Publishes the failover plan to PowerDNS Authoritative as LUA records, so one name
/// answers each geo's users with its region (PowerDNS needs `enable-lua-records=yes`,
/// and `edns-subnet-processing=yes` for resolvers' client subnets to count).
///
/// Only the LUA rrsets of the service's hostnames are managed; all of them change in
/// one PATCH, so resolvers never see half a failover. The zone is created if missing.
public struct PowerDNSProvider: DNSProvider {
    private let api: PowerDNSAPI
    private let renderer: PowerDNSLuaRenderer
    private let nameservers: [String]
    private let logger: Logger

    /// - Parameters:
    ///   - apiURL: the PowerDNS webserver, e.g. `http://127.0.0.1:8081`.
    ///   - nameservers: NS records for the zone if regiond has to create it.
    public init(
        config: RegionsConfig, apiURL: String, serverID: String = "localhost", apiKey: String, client: HTTPClient,
        nameservers: [String]? = nil, requestTimeout: Duration = .seconds(5), logger: Logger
    ) {
        api = PowerDNSAPI(client: client, baseURL: apiURL, serverID: serverID, apiKey: apiKey, timeout: requestTimeout)
        renderer = PowerDNSLuaRenderer(config: config)
        self.nameservers = nameservers ?? ["ns1.\(config.service.zone)"]
        self.logger = logger
    }

    public var name: String { api.name }

    private var zone: String { renderer.config.service.zone }

    public func currentRecords() async throws -> [DNSRecordSet] {
        guard let stored = try await api.zone(zone) else { return [] }
        return managedRecords(in: stored)
    }

    public func render(_ desired: DesiredDNSState) throws -> [DNSRecordSet] {
        try renderer.render(desired)
    }

    public func apply(_ desired: DesiredDNSState) async throws -> DNSApplyReport {
        let wanted = try renderer.render(desired)
        guard let stored = try await api.zone(zone) else {
            logger.notice("creating zone", metadata: ["zone": "\(zone)", "provider": "\(name)"])
            try await api.createZone(zone, nameservers: nameservers)
            return try await write(DNSRecordChange.between(current: [], desired: wanted))
        }
        return try await write(DNSRecordChange.between(current: managedRecords(in: stored), desired: wanted))
    }

    private func managedRecords(in stored: PowerDNSZone) -> [DNSRecordSet] {
        let managed = Set(renderer.config.service.hostnames)
        return stored.rrsets
            .filter { $0.type == "LUA" && managed.contains($0.name) }
            .map { DNSRecordSet(name: $0.name, type: $0.type, ttl: $0.ttl ?? 0, values: $0.records.filter { !$0.disabled }.map(\.content)) }
    }

    private func write(_ changes: [DNSRecordChange]) async throws -> DNSApplyReport {
        guard !changes.isEmpty else { return DNSApplyReport(provider: name, changes: []) }
        let rrsets = changes.compactMap { change -> PowerDNSRRSet? in
            if let after = change.after {
                return PowerDNSRRSet(name: after.name, type: after.type, ttl: after.ttl, changetype: "REPLACE",
                                     records: after.values.map { PowerDNSRecord(content: $0, disabled: false) })
            }
            guard let before = change.before else { return nil }
            return PowerDNSRRSet(name: before.name, type: before.type, ttl: nil, changetype: "DELETE", records: [])
        }
        try await api.replace(rrsets, in: zone)
        return DNSApplyReport(provider: name, changes: changes)
    }
}
