import RegionCore

/// Why a scenario could not be run; the CLI prints it and exits 2.
public enum ScenarioLoadError: Error, Sendable, CustomStringConvertible {
    /// The scenario file (or its config) is missing or not YAML.
    case file(ConfigFileError)
    /// Problems in the scenario or in the regions.yaml it names, each with `FILE:LINE:COLUMN`.
    case invalid([ConfigDiagnostic])

    public var description: String {
        switch self {
        case .file(let error): error.description
        case .invalid(let diagnostics): diagnostics.map(\.description).joined(separator: "\n")
        }
    }

    /// Every location reported, for tests and editors.
    public var locations: [SourceLocation] {
        switch self {
        case .file(.notYAML(let location, _)): [location]
        case .file: []
        case .invalid(let diagnostics): diagnostics.map(\.location)
        }
    }
}
