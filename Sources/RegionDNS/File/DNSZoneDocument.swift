import RegionCore

/// The file provider's output: what each geo's users would be answered, readable by
/// SREs and by the simulator. Encoded with sorted keys so equal states give equal bytes.
public struct DNSZoneDocument: Sendable, Equatable, Codable {
    public var zone: String
    public var ttl: Int
    /// In regions.yaml order, default last.
    public var geos: [Geo]
    /// One set per hostname, address family and geo (`setIdentifier` = geo name).
    public var records: [DNSRecordSet]

    public struct Geo: Sendable, Equatable, Codable {
        public var name: String
        public var isDefault: Bool
        public var networks: [String]
        public var countries: [String]
        public var continents: [String]
        public var served: String
        /// Best first, as planned; weight 0 means fallback only.
        public var regions: [Region]
    }

    public struct Region: Sendable, Equatable, Codable {
        public var name: String
        public var weight: Int
    }

    init(config: RegionsConfig, desired: DesiredDNSState) throws(DNSProviderError) {
        let resolved = try GeoAnswerTargets.resolve(config: config, desired: desired)
        zone = config.service.zone
        ttl = Int(config.service.ttl.milliseconds / 1000)
        geos = resolved.map { entry in
            Geo(name: entry.geo.name, isDefault: entry.geo.isDefault, networks: entry.geo.networks, countries: entry.geo.countries,
                continents: entry.geo.continents, served: entry.answer.served?.rawValue ?? "",
                regions: entry.answer.regions.map { Region(name: $0.region.rawValue, weight: $0.weight) })
        }
        var records: [DNSRecordSet] = []
        for hostname in config.service.hostnames {
            for family in AddressFamily.allCases {
                for entry in resolved {
                    let addresses = entry.targets.flatMap { family.addresses(in: $0.addresses) }
                    guard !addresses.isEmpty else { continue }
                    records.append(DNSRecordSet(name: hostname, type: family.recordType, ttl: ttl, values: addresses, setIdentifier: entry.geo.name))
                }
            }
        }
        self.records = records
    }
}
