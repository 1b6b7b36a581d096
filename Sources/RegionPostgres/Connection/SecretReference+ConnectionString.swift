import Foundation
import RegionCore

extension SecretReference {
    /// Resolves a region's `database` reference to its libpq connection string: the value of
    /// an environment variable, or the content of a file (surrounding whitespace trimmed).
    public func connectionString(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ConnectionString {
        switch self {
        case .environment(let name):
            guard let value = environment[name], !value.isEmpty else {
                throw SecretError(reference: self, reason: "environment variable \(name) is not set; export it with the region's libpq connection string")
            }
            return ConnectionString(value)
        case .file(let path):
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw SecretError(reference: self, reason: "cannot read \(path); create it (mode 0600) with the region's libpq connection string")
            }
            let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !value.isEmpty else { throw SecretError(reference: self, reason: "\(path) is empty; write the region's libpq connection string into it") }
            return ConnectionString(value)
        }
    }
}

/// A secret reference that does not resolve; the message never contains the secret.
public struct SecretError: Error, Sendable, CustomStringConvertible {
    public var reference: SecretReference
    public var reason: String
    public var description: String { "secret \(reference): \(reason)" }
}
