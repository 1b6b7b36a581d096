import Foundation
import RegionCore

extension SecretReference {
    /// Reads the secret a reference points to: an environment variable, or a file's content
    /// with surrounding whitespace trimmed (files usually end with a newline).
    ///
    /// Secrets are resolved at the moment of use, never stored in the config model, so they
    /// cannot leak into logs, status or error messages that print the configuration.
    ///
    /// - Parameter purpose: what the secret is for ("the PowerDNS API key"), to tell the
    ///   operator what to put where when it is missing.
    public func resolve(
        purpose: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(SecretError) -> String {
        switch self {
        case .environment(let name):
            guard let value = environment[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else {
                throw SecretError(reference: self, reason: "environment variable \(name) is not set; export it with \(purpose)")
            }
            return value
        case .file(let path):
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw SecretError(reference: self, reason: "cannot read \(path); create it (mode 0600) with \(purpose)")
            }
            let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !value.isEmpty else { throw SecretError(reference: self, reason: "\(path) is empty; write \(purpose) into it") }
            return value
        }
    }
}

/// A secret reference that does not resolve; the message never contains a secret.
public struct SecretError: Error, Sendable, Equatable, CustomStringConvertible {
    public var reference: SecretReference
    public var reason: String

    public init(reference: SecretReference, reason: String) {
        self.reference = reference
        self.reason = reason
    }

    public var description: String { "secret \(reference): \(reason)" }
}
