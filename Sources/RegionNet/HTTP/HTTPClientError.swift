/// Why a request produced no HTTP response. An HTTP error status is not an error here:
/// it is a response, and the caller decides what it means.
public enum HTTPClientError: Error, Equatable, CustomStringConvertible {
    case invalidRequest(url: String, reason: String)
    case couldNotResolveHost(url: String)
    case connectionRefused(url: String)
    case timedOut(url: String, after: Duration)
    case tls(url: String, reason: String)
    /// Any other libcurl failure; `code` is the CURLcode for looking it up.
    case transport(url: String, code: Int, reason: String)
    /// The answer's body was longer than the request's `maxResponseBytes`; it was not kept.
    case responseTooLarge(url: String, limit: Int)
    case shutDown

    public var description: String {
        switch self {
        case .invalidRequest(let url, let reason):
            "request to \(url) is invalid: \(reason); check the URL and headers"
        case .couldNotResolveHost(let url):
            "cannot resolve the host of \(url); check the name and the resolver"
        case .connectionRefused(let url):
            "connection to \(url) was refused; is the server running and listening on that port?"
        case .timedOut(let url, let after):
            "request to \(url) did not complete within \(after); the server is slow or unreachable"
        case .tls(let url, let reason):
            "TLS with \(url) failed: \(reason); check certificates and the minimum TLS version"
        case .transport(let url, let code, let reason):
            "request to \(url) failed (curl code \(code)): \(reason)"
        case .responseTooLarge(let url, let limit):
            "the answer from \(url) is larger than \(limit) bytes and was cut off; ask for less at a time or raise the limit"
        case .shutDown:
            "the HTTP client was shut down before the request completed"
        }
    }
}
