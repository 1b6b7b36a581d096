/// Collects every problem found while reading a file, so the user sees all of them at once
/// instead of fixing one error per run.
///
/// A reference type because every `YAMLValue` read from one document reports into the same log.
public final class DiagnosticLog {
    public private(set) var diagnostics: [ConfigDiagnostic] = []

    public init() {}

    public func error(_ location: SourceLocation, _ message: String) {
        diagnostics.append(ConfigDiagnostic(location, .error, message))
    }

    public func warning(_ location: SourceLocation, _ message: String) {
        diagnostics.append(ConfigDiagnostic(location, .warning, message))
    }

    public var errors: [ConfigDiagnostic] { diagnostics.filter { $0.severity == .error } }
    public var warnings: [ConfigDiagnostic] { diagnostics.filter { $0.severity == .warning } }
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// Everything recorded, as the error to throw when any of it is an error; nil when the
    /// file may be used (possibly with warnings).
    public var validationError: ConfigValidationError? {
        hasErrors ? ConfigValidationError(diagnostics: sortedDiagnostics) : nil
    }

    /// Diagnostics in file order (line, then column), the order an editor lists them.
    public var sortedDiagnostics: [ConfigDiagnostic] {
        diagnostics.enumerated().sorted { lhs, rhs in
            let (l, r) = (lhs.element.location, rhs.element.location)
            return (l.line, l.column, lhs.offset) < (r.line, r.column, rhs.offset)
        }.map(\.element)
    }
}
