import Foundation
import RegionConfigIO
import RegionCore

extension SecretReference {
    /// Resolves a region's `database` reference to its libpq connection string.
    public func connectionString(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(SecretError) -> ConnectionString {
        ConnectionString(try resolve(purpose: "the region's libpq connection string", environment: environment))
    }
}
