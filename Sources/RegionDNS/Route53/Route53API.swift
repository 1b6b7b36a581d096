import Foundation
import RegionNet

/// The Route 53 REST API calls the provider makes (`2013-04-01`), signed with SigV4 and
/// paced to the documented limit of five requests per second.
struct Route53API: Sendable {
    let client: HTTPClient
    let endpoint: String
    let hostedZoneID: String
    let signer: AWSSigV4Signer
    let pacer: RequestPacer
    let timeout: Duration

    var name: String { "route53 \(hostedZoneID)" }

    private var base: String { endpoint.hasSuffix("/") ? String(endpoint.dropLast()) : endpoint }

    /// Every record set of the hosted zone, following pagination.
    func listRecordSets() async throws -> [DNSRecordSet] {
        var records: [DNSRecordSet] = []
        var query = ""
        while true {
            let tree = try await send("GET", "/2013-04-01/hostedzone/\(hostedZoneID)/rrset\(query)")
            let sets = tree.child("ResourceRecordSets")?.all("ResourceRecordSet") ?? []
            records += sets.compactMap(Self.recordSet)
            guard tree.value("IsTruncated") == "true", let next = tree.value("NextRecordName") else { return records }
            var items = [URLQueryItem(name: "name", value: next)]
            if let type = tree.value("NextRecordType") { items.append(URLQueryItem(name: "type", value: type)) }
            if let identifier = tree.value("NextRecordIdentifier") { items.append(URLQueryItem(name: "identifier", value: identifier)) }
            query = "?" + items.map { "\($0.name)=\(AWSSigV4Signer.encode($0.value ?? ""))" }.joined(separator: "&")
        }
    }

    /// Submits all changes as one batch (Route 53 applies a batch all-or-nothing);
    /// returns the change id to poll.
    func change(_ changes: [DNSRecordChange]) async throws -> String {
        let tree = try await send("POST", "/2013-04-01/hostedzone/\(hostedZoneID)/rrset/", body: Data(Self.changeBatchXML(changes).utf8))
        guard let id = tree.value("ChangeInfo", "Id") else {
            throw DNSProviderError.unexpectedResponse(provider: name, detail: "no ChangeInfo/Id in the ChangeResourceRecordSets response")
        }
        return id.replacingOccurrences(of: "/change/", with: "")
    }

    /// `PENDING` or `INSYNC`.
    func status(ofChange id: String) async throws -> String {
        let tree = try await send("GET", "/2013-04-01/change/\(id)")
        guard let status = tree.value("ChangeInfo", "Status") else {
            throw DNSProviderError.unexpectedResponse(provider: name, detail: "no ChangeInfo/Status in the GetChange response")
        }
        return status
    }

    private func send(_ method: String, _ pathAndQuery: String, body: Data = Data()) async throws -> XMLTree {
        guard let url = URL(string: base + pathAndQuery), let host = url.host else {
            throw DNSProviderError.unrenderable(reason: "Route 53 endpoint '\(endpoint)' is not a valid URL")
        }
        let hostHeader = url.port.map { "\(host):\($0)" } ?? host
        var headers: [(String, String)] = [("Host", hostHeader)]
        if !body.isEmpty { headers.append(("Content-Type", "application/xml")) }
        let signed = signer.sign(method: method, url: url, headers: headers, body: body, date: Date()).headers
        try await pacer.waitForTurn()
        let response: HTTPResponse
        do {
            response = try await client.execute(HTTPRequest(
                method: HTTPMethod(rawValue: method), url: url.absoluteString, headers: signed.map { HTTPHeader($0.0, $0.1) },
                body: body.isEmpty ? nil : body, timeout: timeout
            ))
        } catch let error as HTTPClientError {
            throw DNSProviderError.unreachable(provider: name, reason: error.description)
        }
        let tree = XMLTree.parse(response.body)
        guard response.isSuccess else {
            let message = tree.flatMap { $0.value("Error", "Message") ?? $0.value("Message") } ?? response.bodyText
            throw DNSProviderError.rejected(provider: name, status: response.status, message: message)
        }
        guard let tree else {
            throw DNSProviderError.unexpectedResponse(provider: name, detail: "\(method) \(pathAndQuery) did not return XML")
        }
        return tree
    }

    static func changeBatchXML(_ changes: [DNSRecordChange]) -> String {
        let items = changes.compactMap { change -> String? in
            if let after = change.after { return changeXML("UPSERT", after) }
            return change.before.map { changeXML("DELETE", $0) }
        }
        return #"<?xml version="1.0" encoding="UTF-8"?>"#
            + #"<ChangeResourceRecordSetsRequest xmlns="https://route53.amazonaws.com/doc/2013-04-01/">"#
            + "<ChangeBatch><Comment>regiond failover plan</Comment><Changes>\(items.joined())</Changes></ChangeBatch>"
            + "</ChangeResourceRecordSetsRequest>"
    }

    private static func changeXML(_ action: String, _ set: DNSRecordSet) -> String {
        var xml = "<Change><Action>\(action)</Action><ResourceRecordSet><Name>\(xmlEscaped(set.name))</Name><Type>\(set.type)</Type>"
        if let identifier = set.setIdentifier { xml += "<SetIdentifier>\(xmlEscaped(identifier))</SetIdentifier>" }
        switch set.geoLocation {
        case .country(let code)?: xml += "<GeoLocation><CountryCode>\(xmlEscaped(code))</CountryCode></GeoLocation>"
        case .continent(let code)?: xml += "<GeoLocation><ContinentCode>\(xmlEscaped(code))</ContinentCode></GeoLocation>"
        case .anywhere?: xml += "<GeoLocation><CountryCode>*</CountryCode></GeoLocation>"
        case nil: break
        }
        xml += "<TTL>\(set.ttl)</TTL><ResourceRecords>"
        xml += set.values.map { "<ResourceRecord><Value>\(xmlEscaped($0))</Value></ResourceRecord>" }.joined()
        return xml + "</ResourceRecords></ResourceRecordSet></Change>"
    }

    private static func recordSet(_ node: XMLTree) -> DNSRecordSet? {
        guard let name = node.value("Name"), let type = node.value("Type") else { return nil }
        let location: DNSGeoLocation? = node.child("GeoLocation").flatMap { geo in
            if let country = geo.value("CountryCode") { return country == "*" ? .anywhere : .country(country) }
            return geo.value("ContinentCode").map(DNSGeoLocation.continent)
        }
        let values = node.child("ResourceRecords")?.all("ResourceRecord").compactMap { $0.value("Value") } ?? []
        return DNSRecordSet(name: unescapeOctal(name), type: type, ttl: Int(node.value("TTL") ?? "") ?? 0, values: values,
                            setIdentifier: node.value("SetIdentifier"), geoLocation: location)
    }

    /// Route 53 lists `*` in names as `\052`.
    private static func unescapeOctal(_ name: String) -> String {
        name.replacingOccurrences(of: #"\052"#, with: "*")
    }
}
