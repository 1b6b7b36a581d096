/// The file could not be turned into a YAML document at all: nothing in it can be trusted,
/// so no field-level diagnostics follow (the CLI exits 2 for these).
public enum ConfigFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file is missing or unreadable.
    case unreadable(path: String, reason: String)
    /// The text is not well-formed YAML (or has no document in it).
    case notYAML(SourceLocation, problem: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            "\(path): cannot read the file (\(reason)); check the path given with --config"
        case .notYAML(let location, let problem):
            "\(location): not valid YAML: \(problem)"
        }
    }
}

/// The file is YAML but describes something invalid; carries every problem found, each
/// pointing at the offending node (the CLI exits 1 for these).
public struct ConfigValidationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Errors and warnings in file order; at least one is an error.
    public var diagnostics: [ConfigDiagnostic]

    public init(diagnostics: [ConfigDiagnostic]) { self.diagnostics = diagnostics }

    public var errors: [ConfigDiagnostic] { diagnostics.filter { $0.severity == .error } }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
