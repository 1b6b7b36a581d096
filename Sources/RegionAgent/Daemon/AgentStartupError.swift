import RegionConfigIO
import RegionCore
import RegionPostgres

/// Why `regiond agent` refuses to start; each message says what to do about it.
public enum AgentStartupError: Error, Sendable, CustomStringConvertible {
    case unknownRegion(RegionName, known: [RegionName])
    case databaseSecret(RegionName, SecretError)
    case databaseUnreachable(RegionName, reason: String)
    case notInstalled(RegionName, configPath: String)
    case installedForAnotherRegion(RegionName, installedFor: String)
    case schemaOutdated(RegionName, installed: Int, required: Int, configPath: String)
    case schemaUnusable(RegionName, SchemaVersionError)
    case clusterKeyNotConfigured
    case clusterKey(String)
    case invalidListenAddress(String)
    case auditDirectory(path: String, reason: String)
    case healthCheck(HealthCheckConfigurationError)
    case dnsProvider(String)
    case httpClient(String)

    public var description: String {
        switch self {
        case .unknownRegion(let region, let known):
            "region '\(region)' is not declared in regions.yaml; start the agent with --region set to one of: "
                + known.map(\.rawValue).joined(separator: ", ")
        case .databaseSecret(let region, let error):
            "cannot find the database of \(region): \(error)"
        case .databaseUnreachable(let region, let reason):
            "cannot reach the database of \(region): \(reason); start PostgreSQL or fix the connection string"
        case .notInstalled(let region, let configPath):
            "regiond is not installed in \(region)'s database; run `regiond install --config \(configPath) --region \(region)` first"
        case .installedForAnotherRegion(let region, let installedFor):
            "the database configured for \(region) belongs to region '\(installedFor)'; point \(region)'s `database` at its own database"
        case .schemaOutdated(let region, let installed, let required, let configPath):
            "\(region)'s database has regiond schema version \(installed), this agent needs \(required); "
                + "run `regiond install --config \(configPath) --region \(region)` to upgrade it"
        case .schemaUnusable(let region, let error):
            "\(region): \(error)"
        case .clusterKeyNotConfigured:
            "regions.yaml has no security.cluster_key; add `cluster_key: {env: REGIOND_CLUSTER_KEY}` and give every agent the same key"
        case .clusterKey(let reason):
            "cluster key unusable: \(reason)"
        case .invalidListenAddress(let text):
            "--listen '\(text)' is not HOST:PORT; write it like 127.0.0.1:7101"
        case .auditDirectory(let path, let reason):
            "cannot open the residency log in \(path): \(reason); create the directory or pass --audit-dir"
        case .healthCheck(let error):
            "\(error)"
        case .dnsProvider(let reason):
            "cannot set up the DNS provider: \(reason); every agent may coordinate DNS, so each needs the provider's credentials"
        case .httpClient(let reason):
            "cannot start the HTTP client (libcurl): \(reason)"
        }
    }
}
