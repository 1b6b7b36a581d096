import Foundation

/// One HTTP request as the client sends it; a value so it can be retried unchanged.
public struct HTTPRequest: Sendable, Equatable {
    public var method: HTTPMethod
    public var url: String
    /// In sending order; a name may repeat.
    public var headers: [HTTPHeader]
    public var body: Data?
    /// The whole exchange (resolve, connect, TLS, send, receive) must finish within this.
    public var timeout: Duration
    /// Refuse to talk to a server that cannot negotiate at least this TLS version.
    public var minimumTLS: TLSVersion
    /// A PEM file of CA certificates to trust instead of the system's (a private cluster CA).
    public var trustedCertificatesPath: String?
    /// An answer body larger than this is cut off and the request fails with
    /// `HTTPClientError.responseTooLarge`: a faulty or hostile server cannot make the agent
    /// buffer without bound.
    public var maxResponseBytes: Int

    public init(
        method: HTTPMethod = .get, url: String, headers: [HTTPHeader] = [], body: Data? = nil,
        timeout: Duration = .seconds(10), minimumTLS: TLSVersion = .v1_2, trustedCertificatesPath: String? = nil,
        maxResponseBytes: Int = 64 << 20
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.minimumTLS = minimumTLS
        self.trustedCertificatesPath = trustedCertificatesPath
        self.maxResponseBytes = max(0, maxResponseBytes)
    }
}

public struct HTTPMethod: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let get = HTTPMethod(rawValue: "GET")
    public static let head = HTTPMethod(rawValue: "HEAD")
    public static let post = HTTPMethod(rawValue: "POST")
    public static let put = HTTPMethod(rawValue: "PUT")
    public static let patch = HTTPMethod(rawValue: "PATCH")
    public static let delete = HTTPMethod(rawValue: "DELETE")

    public var description: String { rawValue }
}

public struct HTTPHeader: Sendable, Equatable, CustomStringConvertible {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }

    public var description: String { "\(name): \(value)" }
}

/// The lowest TLS version a link accepts; regions.yaml sets it per region (`min_tls`).
public enum TLSVersion: String, Sendable, Equatable, CaseIterable {
    case v1_2 = "1.2"
    case v1_3 = "1.3"
}
