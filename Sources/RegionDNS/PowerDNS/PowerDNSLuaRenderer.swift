import RegionCore

/// Renders the desired state as PowerDNS LUA records: one record per hostname and
/// address family whose Lua body picks the answer by client network (`netmask`, which
/// sees the EDNS client subnet), country and continent (`country`, `continent`, which
/// need the GeoIP backend), geos in regions.yaml order and the default geo as `else`.
struct PowerDNSLuaRenderer: Sendable {
    let config: RegionsConfig

    func render(_ desired: DesiredDNSState) throws(DNSProviderError) -> [DNSRecordSet] {
        let geos = try GeoAnswerTargets.resolve(config: config, desired: desired)
        try validateNames()
        let ttl = Int(config.service.ttl.milliseconds / 1000)
        var records: [DNSRecordSet] = []
        for family in AddressFamily.allCases {
            guard let body = try luaBody(geos: geos, family: family) else { continue }
            let content = "\(family.recordType) \"\(body)\""
            records += config.service.hostnames.map { DNSRecordSet(name: $0, type: "LUA", ttl: ttl, values: [content]) }
        }
        guard !records.isEmpty else {
            throw .unrenderable(reason: "no region has an address to serve")
        }
        return records
    }

    /// nil when no region has an address of this family (no such records are needed).
    private func luaBody(geos: [GeoAnswerTargets], family: AddressFamily) throws(DNSProviderError) -> String? {
        guard let fallback = geos.last, let defaultAnswer = try answer(fallback, family: family) else {
            let anyAddress = geos.contains { $0.targets.contains { !family.addresses(in: $0.addresses).isEmpty } }
            if anyAddress {
                throw .unrenderable(reason: "the default geo's region has no \(family.recordType) address while other geos have one")
            }
            return nil
        }
        var branches: [String] = []
        for geo in geos.dropLast() {
            guard let condition = try condition(for: geo.geo), let answer = try answer(geo, family: family) else { continue }
            branches.append("\(condition) then return \(answer)")
        }
        guard !branches.isEmpty else { return ";return \(defaultAnswer)" }
        return ";if " + branches.joined(separator: " elseif ") + " else return \(defaultAnswer) end"
    }

    private func condition(for geo: GeoConfig) throws(DNSProviderError) -> String? {
        var tests: [String] = []
        if !geo.networks.isEmpty { tests.append("netmask(\(try luaList(geo.networks, allowed: "0123456789abcdefABCDEF:./")))") }
        if !geo.countries.isEmpty { tests.append("country(\(try luaList(geo.countries, allowed: Self.letters)))") }
        if !geo.continents.isEmpty { tests.append("continent(\(try luaList(geo.continents, allowed: Self.letters)))") }
        return tests.isEmpty ? nil : tests.joined(separator: " or ")
    }

    private func answer(_ geo: GeoAnswerTargets, family: AddressFamily) throws(DNSProviderError) -> String? {
        if geo.isWeighted {
            let entries = geo.targets.flatMap { target in family.addresses(in: target.addresses).map { "{\(target.weight),'\($0)'}" } }
            return entries.isEmpty ? nil : "pickwrandom({\(entries.joined(separator: ","))})"
        }
        let addresses = geo.targets.flatMap { family.addresses(in: $0.addresses) }
        return addresses.isEmpty ? nil : try luaList(addresses, allowed: "0123456789abcdefABCDEF:.")
    }

    /// Values are spliced into Lua source, so only the characters their syntax needs pass.
    private func luaList(_ values: [String], allowed: String) throws(DNSProviderError) -> String {
        for value in values where value.isEmpty || !value.allSatisfy(allowed.contains) {
            throw .unrenderable(reason: "'\(value)' is not a valid network, address, country or continent code")
        }
        return "{" + values.map { "'\($0)'" }.joined(separator: ",") + "}"
    }

    private func validateNames() throws(DNSProviderError) {
        let zone = config.service.zone
        for name in config.service.hostnames where !name.hasSuffix(".") || !(name == zone || name.hasSuffix("." + zone)) {
            throw .unrenderable(reason: "hostname '\(name)' must be fully qualified (trailing dot) and inside zone '\(zone)'")
        }
    }

    private static let letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
}
