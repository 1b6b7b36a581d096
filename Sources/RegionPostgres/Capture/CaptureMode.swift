/// How a region's database captures the application's changes, chosen at install time
/// (`regiond install --capture`) and recorded in `regiond.settings.capture_mode`.
public enum CaptureMode: String, Sendable, Equatable, CaseIterable {
    /// Statement-level AFTER triggers write the changelog in the application's transaction:
    /// works with every `wal_level` and role, costs the application's writes (see README).
    case trigger
    /// The changelog is filled from the logical replication slot `regiond_capture` by
    /// `LogicalCaptureDrain`, off the application's write path. Needs `wal_level = logical`
    /// and the REPLICATION attribute.
    case logical
}
