import RegionCore

/// A point in time as an auditor types it: RFC 3339 (`2026-11-01T00:00:00Z`) or an age
/// relative to now (`90s`, `30m`, `24h`, `7d`).
public enum AuditTimeArgument {
    /// Returns `nil` for text in neither form; `now` is passed in so the result is testable.
    public static func parse(_ text: String, now: Timestamp) -> Timestamp? {
        if let absolute = AuditTimeFormat.parse(text) { return absolute }
        guard let unit = text.last, let amount = Int64(text.dropLast()), amount >= 0 else { return nil }
        let unitMilliseconds: Int64
        switch unit {
        case "s": unitMilliseconds = 1000
        case "m": unitMilliseconds = 60_000
        case "h": unitMilliseconds = 3_600_000
        case "d": unitMilliseconds = 86_400_000
        default: return nil
        }
        let (age, overflow) = amount.multipliedReportingOverflow(by: unitMilliseconds)
        guard !overflow else { return nil }
        return Timestamp(milliseconds: now.milliseconds - age)
    }
}
