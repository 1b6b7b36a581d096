/// Why a scratch PostgreSQL cluster could not be created or started.
public struct LocalClusterError: Error, Sendable, CustomStringConvertible {
    public var step: String
    public var output: String

    public var description: String {
        "local PostgreSQL cluster: \(step) failed (is PostgreSQL 15 installed in /usr/lib/postgresql/15/bin?): \(output)"
    }
}
