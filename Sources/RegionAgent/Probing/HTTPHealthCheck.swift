import RegionCore
import RegionNet

/// GET on a URL through libcurl; healthy when the answer is 2xx. The latency is libcurl's
/// total time, whose breakdown (DNS, connect, TLS, first byte) is kept in the failure reason
/// when the answer is unhealthy.
struct HTTPHealthCheck: HealthCheck {
    let url: String
    let timeout: Duration
    let minimumTLS: TLSVersion
    let client: HTTPClient

    var label: String { "http \(url)" }

    func run() async throws(HealthCheckFailure) -> Duration {
        let response: HTTPResponse
        do {
            response = try await client.execute(HTTPRequest(url: url, timeout: timeout, minimumTLS: minimumTLS))
        } catch {
            throw HealthCheckFailure("\(label): \(error)")
        }
        guard response.isSuccess else {
            throw HealthCheckFailure("\(label) answered \(response.status) (\(response.timing))")
        }
        return response.timing.total
    }
}
