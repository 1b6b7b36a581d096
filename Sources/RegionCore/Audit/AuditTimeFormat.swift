/// RFC 3339 text for `Timestamp`s, computed without a calendar library so the canonical
/// record encoding cannot drift with the platform's date formatting.
///
/// Output is always UTC with millisecond precision, e.g. `2026-11-22T19:07:13.042Z`.
/// Input accepts any RFC 3339 date-time: `Z` or a `±hh:mm` offset, zero to nine fraction
/// digits (digits beyond milliseconds are truncated).
public enum AuditTimeFormat {
    private static let millisecondsPerDay: Int64 = 86_400_000

    /// Formats `time` for years 0000–9999; times outside that range are not produced by
    /// a real clock and are written with the year unpadded.
    public static func format(_ time: Timestamp) -> String {
        let ms = time.milliseconds
        let days = floorDivide(ms, millisecondsPerDay)
        let msOfDay = ms - days * millisecondsPerDay
        let (year, month, day) = civilDate(fromDaysSinceEpoch: days)
        let hour = msOfDay / 3_600_000
        let minute = msOfDay / 60_000 % 60
        let second = msOfDay / 1000 % 60
        let millisecond = msOfDay % 1000
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2)).\(pad(millisecond, 3))Z"
    }

    /// Parses RFC 3339 date-time text; `nil` when it is not one.
    public static func parse(_ text: String) -> Timestamp? {
        var scanner = DigitScanner(text)
        guard let year = scanner.number(digits: 4), scanner.skip("-"),
              let month = scanner.number(digits: 2), scanner.skip("-"),
              let day = scanner.number(digits: 2), scanner.skip("T") || scanner.skip("t") || scanner.skip(" "),
              let hour = scanner.number(digits: 2), scanner.skip(":"),
              let minute = scanner.number(digits: 2), scanner.skip(":"),
              let second = scanner.number(digits: 2)
        else { return nil }
        guard (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day),
              hour < 24, minute < 60, second < 60
        else { return nil }
        var millisecond: Int64 = 0
        if scanner.skip(".") {
            guard let fraction = scanner.fractionMilliseconds() else { return nil }
            millisecond = fraction
        }
        let offsetMinutes: Int64
        if scanner.skip("Z") || scanner.skip("z") {
            offsetMinutes = 0
        } else {
            let sign: Int64
            if scanner.skip("+") { sign = 1 } else if scanner.skip("-") { sign = -1 } else { return nil }
            guard let offsetHours = scanner.number(digits: 2), scanner.skip(":"),
                  let offsetMins = scanner.number(digits: 2), offsetHours < 24, offsetMins < 60
            else { return nil }
            offsetMinutes = sign * (offsetHours * 60 + offsetMins)
        }
        guard scanner.isAtEnd else { return nil }
        let days = daysSinceEpoch(year: year, month: month, day: day)
        let local = days * millisecondsPerDay + ((hour * 60 + minute) * 60 + second) * 1000 + millisecond
        return Timestamp(milliseconds: local - offsetMinutes * 60_000)
    }

    // Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian calendar).
    static func daysSinceEpoch(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = floorDivide(y, 400)
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civilDate(fromDaysSinceEpoch days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = floorDivide(z, 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    private static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let quotient = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? quotient - 1 : quotient
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

/// Reads fixed-width ASCII fields of an RFC 3339 string.
private struct DigitScanner {
    private let bytes: [UInt8]
    private var index = 0

    init(_ text: String) { bytes = Array(text.utf8) }

    var isAtEnd: Bool { index == bytes.count }

    mutating func skip(_ literal: Character) -> Bool {
        guard let ascii = literal.asciiValue, index < bytes.count, bytes[index] == ascii else { return false }
        index += 1
        return true
    }

    mutating func number(digits: Int) -> Int64? {
        guard index + digits <= bytes.count else { return nil }
        var value: Int64 = 0
        for byte in bytes[index..<index + digits] {
            guard let digit = Self.digit(byte) else { return nil }
            value = value * 10 + digit
        }
        index += digits
        return value
    }

    /// One to nine fraction digits, as whole milliseconds (truncated).
    mutating func fractionMilliseconds() -> Int64? {
        var count = 0
        var milliseconds: Int64 = 0
        while index < bytes.count, let digit = Self.digit(bytes[index]) {
            if count < 3 { milliseconds = milliseconds * 10 + digit }
            count += 1
            index += 1
        }
        guard (1...9).contains(count) else { return nil }
        if count < 3 {
            for _ in count..<3 { milliseconds *= 10 }
        }
        return milliseconds
    }

    private static func digit(_ byte: UInt8) -> Int64? {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) ? Int64(byte - UInt8(ascii: "0")) : nil
    }
}
