import RegionCore

/// A geo of regions.yaml joined with the planner's answer for it: who the geo's users
/// are, and which addresses they should get. Every provider renders from these.
struct GeoAnswerTargets: Sendable, Equatable {
    var geo: GeoConfig
    var answer: GeoAnswer
    /// The served region's addresses; with weights, every region carrying a non-zero weight.
    var targets: [Target]

    struct Target: Sendable, Equatable {
        var region: RegionName
        var weight: Int
        var addresses: [String]
    }

    /// Whether traffic is split by weight rather than sent to the first region.
    var isWeighted: Bool { targets.count > 1 }

    /// Joins config and desired state, in config geo order with the default geo last.
    static func resolve(config: RegionsConfig, desired: DesiredDNSState) throws(DNSProviderError) -> [GeoAnswerTargets] {
        for answer in desired.geos where !config.geos.contains(where: { $0.name == answer.geo }) {
            throw .unrenderable(reason: "the desired state names geo '\(answer.geo)', which regions.yaml does not declare")
        }
        let ordered = config.geos.filter { !$0.isDefault } + config.geos.filter(\.isDefault)
        guard ordered.last?.isDefault == true else {
            throw .unrenderable(reason: "regions.yaml declares no default geo; mark one geo 'default: true'")
        }
        return try ordered.map { geo throws(DNSProviderError) in
            guard let answer = desired.answer(forGeo: geo.name), let served = answer.regions.first else {
                throw .unrenderable(reason: "the desired state has no serving region for geo '\(geo.name)'")
            }
            let weighted = answer.regions.filter { $0.weight > 0 }
            let chosen = weighted.count > 1 ? weighted : [served]
            let targets = try chosen.map { entry throws(DNSProviderError) in
                guard let region = config.region(entry.region), !region.addresses.isEmpty else {
                    throw .unrenderable(reason: "region '\(entry.region)' (serving geo '\(geo.name)') has no addresses in regions.yaml")
                }
                return Target(region: entry.region, weight: entry.weight, addresses: region.addresses)
            }
            return GeoAnswerTargets(geo: geo, answer: answer, targets: targets)
        }
    }
}

/// The record types a set of addresses needs: A for IPv4, AAAA for IPv6.
enum AddressFamily: String, CaseIterable, Sendable {
    case ipv4 = "A"
    case ipv6 = "AAAA"

    init?(address: String) {
        let isV6 = address.contains(":")
        let allowed = isV6 ? "0123456789abcdefABCDEF:." : "0123456789."
        guard !address.isEmpty, address.allSatisfy(allowed.contains) else { return nil }
        self = isV6 ? .ipv6 : .ipv4
    }

    var recordType: String { rawValue }

    func addresses(in list: [String]) -> [String] { list.filter { AddressFamily(address: $0) == self } }
}
