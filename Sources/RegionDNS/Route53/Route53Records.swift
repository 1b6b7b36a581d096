import RegionCore

/// Renders the desired state as Route 53 geolocation record sets: per hostname and
/// address family, one set per country and continent of each geo (Route 53 gives each
/// set exactly one location) and one default (`*`) set for the default geo, each with its
/// own `SetIdentifier`. Route 53 geolocation cannot match client networks nor split by
/// weight, so a geo's networks are ignored and it is answered with its served region.
struct Route53Records: Sendable {
    let config: RegionsConfig

    func render(_ desired: DesiredDNSState) throws(DNSProviderError) -> [DNSRecordSet] {
        let geos = try GeoAnswerTargets.resolve(config: config, desired: desired)
        let ttl = Int(config.service.ttl.milliseconds / 1000)
        var records: [DNSRecordSet] = []
        for hostname in config.service.hostnames {
            for family in AddressFamily.allCases {
                for geo in geos {
                    guard let served = geo.answer.served, let region = config.region(served) else { continue }
                    let addresses = family.addresses(in: region.addresses)
                    guard !addresses.isEmpty else { continue }
                    for (identifier, location) in locations(of: geo.geo) {
                        records.append(DNSRecordSet(name: hostname, type: family.recordType, ttl: ttl, values: addresses,
                                                    setIdentifier: identifier, geoLocation: location))
                    }
                }
            }
        }
        guard !records.isEmpty else { throw .unrenderable(reason: "no region has an address to serve") }
        return records
    }

    private func locations(of geo: GeoConfig) -> [(String, DNSGeoLocation)] {
        if geo.isDefault { return [(geo.name, .anywhere)] }
        return geo.countries.map { ("\(geo.name)-\($0)", .country($0)) } + geo.continents.map { ("\(geo.name)-\($0)", .continent($0)) }
    }
}
