/// Where each part of a loaded configuration was written, keyed by a dotted path
/// (`health.interval`, `geo.KR.prefer.tokyo`, `tiers.table.sessions`).
///
/// Lets checks that look at the whole model (budgets, traffic shares, failover
/// residency) still point at the line an SRE has to change.
public struct ConfigSourceMap: Sendable, Equatable {
    private var locations: [String: SourceLocation] = [:]
    /// Where to point when nothing more precise is known.
    public let fileStart: SourceLocation

    public init(file: String) { fileStart = SourceLocation(file: file, line: 1, column: 1) }

    public subscript(path: String) -> SourceLocation? {
        get { locations[path] }
        set { locations[path] = newValue }
    }

    /// The first recorded location among `paths`, else the start of the file.
    public func location(_ paths: String...) -> SourceLocation {
        paths.lazy.compactMap { locations[$0] }.first ?? fileStart
    }
}
