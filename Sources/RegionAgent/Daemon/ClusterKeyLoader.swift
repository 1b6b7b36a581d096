import Foundation
import RegionConfigIO
import RegionCore

/// Reads the cluster key (and during a rotation the previous one) named in
/// `security`. The secret's text, trimmed, is the key: `openssl rand -base64 48` gives 64
/// characters, comfortably above the 32-byte minimum.
public enum ClusterKeyLoader {
    public static func load(
        _ security: SecuritySettings, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(AgentStartupError) -> ClusterKeyring {
        guard let reference = security.clusterKey else { throw .clusterKeyNotConfigured }
        let current = try key(reference, purpose: "the cluster key (the same on every agent)", environment: environment)
        let previous = try security.previousClusterKey.map { reference throws(AgentStartupError) in
            try key(reference, purpose: "the previous cluster key (during a rotation)", environment: environment)
        }
        return ClusterKeyring(current: current, previous: previous)
    }

    private static func key(
        _ reference: SecretReference, purpose: String, environment: [String: String]
    ) throws(AgentStartupError) -> ClusterKey {
        do {
            return try ClusterKey(bytes: Array(try reference.resolve(purpose: purpose, environment: environment).utf8))
        } catch let error as SecretError {
            throw .clusterKey(error.description)
        } catch {
            throw .clusterKey("\(error)")
        }
    }
}
