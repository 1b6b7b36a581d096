import RegionConfigIO

/// Why a provider could not read or publish DNS.
public enum DNSProviderError: Error, Equatable, CustomStringConvertible {
    /// The desired state or regions.yaml cannot be rendered for this provider.
    case unrenderable(reason: String)
    /// The provider answered with an error status.
    case rejected(provider: String, status: Int, message: String)
    /// The provider answered, but not in the form expected.
    case unexpectedResponse(provider: String, detail: String)
    /// The provider could not be reached.
    case unreachable(provider: String, reason: String)
    /// The provider accepted the change but did not publish it in time.
    case notPublished(provider: String, changeID: String, waited: Duration)
    case fileSystem(path: String, reason: String)
    case missingSecret(SecretError)

    public var description: String {
        switch self {
        case .unrenderable(let reason):
            "cannot render DNS records: \(reason); fix regions.yaml"
        case .rejected(let provider, let status, let message):
            "\(provider) refused the request (HTTP \(status)): \(message)"
        case .unexpectedResponse(let provider, let detail):
            "\(provider) answered in an unexpected form: \(detail)"
        case .unreachable(let provider, let reason):
            "\(provider) is unreachable: \(reason)"
        case .notPublished(let provider, let changeID, let waited):
            "\(provider) accepted change \(changeID) but did not publish it within \(waited)"
        case .fileSystem(let path, let reason):
            "cannot write \(path): \(reason); check the directory exists and is writable"
        case .missingSecret(let error):
            error.description
        }
    }
}
