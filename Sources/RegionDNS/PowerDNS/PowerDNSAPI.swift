import Foundation
import RegionNet

/// The parts of the PowerDNS Authoritative HTTP API the provider uses
/// (`/api/v1/servers/{server}/zones`), authenticated with `X-API-Key`.
struct PowerDNSAPI: Sendable {
    let client: HTTPClient
    let baseURL: String
    let serverID: String
    let apiKey: String
    let timeout: Duration

    var name: String { "powerdns \(baseURL)" }

    private var zonesURL: String {
        let base = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        return "\(base)/api/v1/servers/\(serverID)/zones"
    }

    /// nil when the zone does not exist.
    func zone(_ zone: String) async throws -> PowerDNSZone? {
        let response = try await send(.get, "\(zonesURL)/\(zone)")
        if response.status == 404 || response.status == 422 { return nil }
        try requireSuccess(response)
        do {
            return try JSONDecoder().decode(PowerDNSZone.self, from: response.body)
        } catch {
            throw DNSProviderError.unexpectedResponse(provider: name, detail: "zone \(zone) is not valid JSON: \(error)")
        }
    }

    func createZone(_ zone: String, nameservers: [String]) async throws {
        let body = PowerDNSNewZone(name: zone, kind: "Native", nameservers: nameservers)
        try requireSuccess(try await send(.post, zonesURL, body: try JSONEncoder().encode(body)))
    }

    /// Replaces every listed rrset in one request; PowerDNS applies it atomically.
    func replace(_ rrsets: [PowerDNSRRSet], in zone: String) async throws {
        let body = try JSONEncoder().encode(PowerDNSPatch(rrsets: rrsets))
        try requireSuccess(try await send(.patch, "\(zonesURL)/\(zone)", body: body))
    }

    private func send(_ method: HTTPMethod, _ url: String, body: Data? = nil) async throws -> HTTPResponse {
        var headers = [HTTPHeader("X-API-Key", apiKey), HTTPHeader("Accept", "application/json")]
        if body != nil { headers.append(HTTPHeader("Content-Type", "application/json")) }
        do {
            return try await client.execute(HTTPRequest(method: method, url: url, headers: headers, body: body, timeout: timeout))
        } catch let error as HTTPClientError {
            throw DNSProviderError.unreachable(provider: name, reason: error.description)
        }
    }

    private func requireSuccess(_ response: HTTPResponse) throws {
        guard response.isSuccess else {
            let message = (try? JSONDecoder().decode(PowerDNSErrorBody.self, from: response.body))?.error ?? response.bodyText
            throw DNSProviderError.rejected(provider: name, status: response.status, message: message)
        }
    }
}

struct PowerDNSZone: Codable, Sendable {
    var name: String
    var rrsets: [PowerDNSRRSet]
}

struct PowerDNSRRSet: Codable, Sendable, Equatable {
    var name: String
    var type: String
    var ttl: Int?
    var changetype: String?
    var records: [PowerDNSRecord]
}

struct PowerDNSRecord: Codable, Sendable, Equatable {
    var content: String
    var disabled: Bool
}

private struct PowerDNSNewZone: Codable {
    var name: String
    var kind: String
    var nameservers: [String]
}

private struct PowerDNSPatch: Codable {
    var rrsets: [PowerDNSRRSet]
}

private struct PowerDNSErrorBody: Codable {
    var error: String
}
