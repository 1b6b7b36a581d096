/// Why this regiond cannot use the schema installed in a database; each message says what to do.
public enum SchemaVersionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A newer regiond installed or upgraded the database.
    case newerThanSupported(installed: Int, supported: Int)
    /// An older regiond installed the database; `regiond install` upgrades it in place.
    case outdated(installed: Int, supported: Int)

    public var description: String {
        switch self {
        case .newerThanSupported(let installed, let supported):
            "database schema \(installed) is newer than this regiond (\(supported)): upgrade regiond to the release that installed it"
        case .outdated(let installed, let supported):
            "database schema \(installed) is older than this regiond (\(supported)): run 'regiond install --config regions.yaml --region NAME' to upgrade it"
        }
    }
}
