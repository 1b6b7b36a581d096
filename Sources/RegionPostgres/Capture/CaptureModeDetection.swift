import Foundation
import Logging

/// Finds out once per reader whether its database captures through the logical slot, so that
/// `ChangeReader.read` drains the slot first without its callers knowing the mode. Switching
/// a database's mode takes effect for readers created afterwards (restart the agent).
final class CaptureModeDetection: @unchecked Sendable {
    // @unchecked: `detected` is guarded by `lock`.
    private let lock = NSLock()
    private var detected: LogicalCaptureDrain??

    /// The drain of `connection`'s database, nil in trigger mode.
    func drain(using connection: PostgresConnection, logger: Logger) async throws -> LogicalCaptureDrain? {
        if let known = lock.withLock({ detected }) { return known }
        let drain = try LogicalCaptureDrain.forInstalled(try await InstalledSchema.read(using: connection), logger: logger)
        lock.withLock { detected = .some(drain) }
        return drain
    }
}
