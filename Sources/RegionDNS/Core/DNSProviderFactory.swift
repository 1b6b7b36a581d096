import Foundation
import Logging
import RegionCore
import RegionNet

/// Builds the provider regions.yaml names (`dns.provider`), resolving its secrets from
/// the environment or files at that moment, so secrets never sit in the config model.
public enum DNSProviderFactory {
    public static func make(config: RegionsConfig, client: HTTPClient, logger: Logger) throws -> any DNSProvider {
        switch config.dns.provider {
        case .powerDNS(let apiURL, let serverID, let apiKey):
            return PowerDNSProvider(config: config, apiURL: apiURL, serverID: serverID, apiKey: try resolve(apiKey), client: client, logger: logger)
        case .route53(let hostedZoneID, let endpoint, let accessKeyID, let secretAccessKey):
            return Route53Provider(
                config: config, hostedZoneID: hostedZoneID, accessKeyID: try resolve(accessKeyID),
                secretAccessKey: try resolve(secretAccessKey), client: client,
                endpoint: endpoint ?? "https://route53.amazonaws.com", logger: logger
            )
        case .file(let path):
            return FileDNSProvider(config: config, path: path)
        }
    }

    /// The secret's value, trailing newline removed (files usually end with one).
    static func resolve(_ reference: SecretReference) throws -> String {
        let value: String?
        switch reference {
        case .environment(let name):
            value = ProcessInfo.processInfo.environment[name]
        case .file(let path):
            value = try? String(contentsOfFile: path, encoding: .utf8)
        }
        guard let secret = value?.trimmingCharacters(in: .newlines), !secret.isEmpty else {
            throw DNSProviderError.missingSecret(reference: reference.description)
        }
        return secret
    }
}
