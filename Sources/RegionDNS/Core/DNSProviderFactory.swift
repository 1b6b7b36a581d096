import Foundation
import Logging
import RegionConfigIO
import RegionCore
import RegionNet

/// Builds the provider regions.yaml names (`dns.provider`), resolving its secrets from
/// the environment or files at that moment, so secrets never sit in the config model.
public enum DNSProviderFactory {
    public static func make(config: RegionsConfig, client: HTTPClient, logger: Logger) throws -> any DNSProvider {
        switch config.dns.provider {
        case .powerDNS(let apiURL, let serverID, let apiKey):
            return PowerDNSProvider(config: config, apiURL: apiURL, serverID: serverID, apiKey: try resolve(apiKey, purpose: "the PowerDNS API key"), client: client, logger: logger)
        case .route53(let hostedZoneID, let endpoint, let accessKeyID, let secretAccessKey):
            return Route53Provider(
                config: config, hostedZoneID: hostedZoneID, accessKeyID: try resolve(accessKeyID, purpose: "the AWS access key id"),
                secretAccessKey: try resolve(secretAccessKey, purpose: "the AWS secret access key"), client: client,
                endpoint: endpoint ?? "https://route53.amazonaws.com", logger: logger
            )
        case .file(let path):
            return FileDNSProvider(config: config, path: path)
        }
    }

    static func resolve(_ reference: SecretReference, purpose: String) throws -> String {
        do {
            return try reference.resolve(purpose: purpose)
        } catch {
            throw DNSProviderError.missingSecret(error)
        }
    }
}
