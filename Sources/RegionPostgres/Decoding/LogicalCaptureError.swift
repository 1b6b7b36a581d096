/// Why logical capture cannot be installed or run; each message says what to do.
public enum LogicalCaptureError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The server's `wal_level` is below `logical`.
    case walLevelNotLogical(current: String)
    /// The database is in logical mode but names no slot (the settings were edited by hand).
    case missingSlot
    /// A slot message was not valid `bytea` hex text.
    case malformedSlotData(lsn: String)
    /// Local commits visible to the apply transaction's snapshot had not reached the WAL on
    /// disk in time, so the drain could not read them; the apply is retried.
    case walNotFlushed(target: String)

    public var description: String {
        switch self {
        case .walLevelNotLogical(let current):
            "capture mode 'logical' needs wal_level = logical, this server has '\(current)': set wal_level = logical in postgresql.conf "
                + "(or ALTER SYSTEM SET wal_level = logical) and restart the server, then re-run 'regiond install --capture logical'; "
                + "or install with --capture trigger"
        case .missingSlot:
            "regiond.settings says capture mode 'logical' but names no replication slot; re-run 'regiond install --capture logical'"
        case .malformedSlotData(let lsn):
            "the replication slot returned data at \(lsn) that is not bytea hex text; check that bytea_output is 'hex' for regiond's role"
        case .walNotFlushed(let target):
            "local commits up to WAL position \(target) were not flushed in time for the apply's capture drain; the apply is retried"
        }
    }
}
