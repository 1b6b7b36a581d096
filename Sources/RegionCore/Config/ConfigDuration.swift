/// Durations as people write them in configuration files: `250ms`, `5s`, `2m`, `1h`, `30d`,
/// and combinations such as `1m30s` or `1h30m`.
///
/// A bare number is refused on purpose: `timeout: 5` could mean seconds or milliseconds,
/// and guessing wrong by a factor of 1000 is how failover budgets silently break.
public enum ConfigDuration {
    /// The units accepted, longest suffix first so `ms` is not read as `m` followed by `s`.
    private static let units: [(suffix: String, milliseconds: Int64)] = [
        ("ms", 1),
        ("s", 1_000),
        ("m", 60_000),
        ("h", 3_600_000),
        ("d", 86_400_000),
    ]

    /// The longest duration accepted: a century, far above anything regiond schedules or
    /// keeps. Budgets multiply and add configured durations and the simulator adds them to
    /// its clock; the bound keeps all of that far from overflowing (a file saying
    /// `interval: 9223372036854775807ms` once crashed `regiond check`).
    public static let maximum: Duration = .seconds(36_500 * 86_400)

    /// Parses `text`, or returns nil when it is not a duration in this notation or exceeds
    /// `maximum`.
    public static func parse(_ text: String) -> Duration? {
        guard case .duration(let duration) = read(text), duration <= maximum else { return nil }
        return duration
    }

    /// Whether `text` is written as a duration but is longer than `maximum`, so the error
    /// can say what is wrong with it.
    public static func exceedsMaximum(_ text: String) -> Bool {
        switch read(text) {
        case .duration(let duration): duration > maximum
        case .tooLong: true
        case .malformed: false
        }
    }

    private enum Reading {
        case duration(Duration)
        /// Well-formed, but beyond what 64-bit milliseconds hold.
        case tooLong
        case malformed
    }

    private static func read(_ text: String) -> Reading {
        var rest = Substring(text.trimmingWhitespace())
        guard !rest.isEmpty else { return .malformed }
        var total: Int64 = 0
        var overflowed = false
        while !rest.isEmpty {
            let digits = rest.prefix(while: \.isASCIIDigit)
            guard !digits.isEmpty else { return .malformed }
            rest = rest.dropFirst(digits.count)
            guard let unit = units.first(where: { rest.hasPrefix($0.suffix) }) else { return .malformed }
            rest = rest.dropFirst(unit.suffix.count)
            guard let amount = Int64(digits) else {
                overflowed = true
                continue
            }
            let (product, productOverflow) = amount.multipliedReportingOverflow(by: unit.milliseconds)
            let (sum, sumOverflow) = total.addingReportingOverflow(product)
            if productOverflow || sumOverflow { overflowed = true }
            total = sum
        }
        return overflowed ? .tooLong : .duration(.milliseconds(total))
    }

    /// Formats a duration in the same notation, largest units first (`1m30s`, `250ms`, `0s`),
    /// so reports echo values the way the SRE wrote them.
    public static func format(_ duration: Duration) -> String {
        let milliseconds = duration.milliseconds
        guard milliseconds != 0 else { return "0s" }
        var remaining = milliseconds.magnitude
        var text = milliseconds < 0 ? "-" : ""
        for unit in units.reversed() where remaining >= UInt64(unit.milliseconds) {
            let size = UInt64(unit.milliseconds)
            text += "\(remaining / size)\(unit.suffix)"
            remaining %= size
        }
        return text
    }
}

extension Character {
    /// 0-9 only: `isNumber` alone also accepts digits of other scripts and fractions.
    var isASCIIDigit: Bool { isASCII && isNumber }
}

extension String {
    func trimmingWhitespace() -> String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
