import Foundation

/// Splits a JSON object into its members, keeping each value's JSON text exactly as written.
///
/// Capture stores rows as `jsonb` text; keeping values verbatim (rather than going through
/// `JSONSerialization`) means numbers never lose digits and nested values arrive unchanged.
enum JSONObjectScanner {
    struct Member: Equatable {
        var name: String
        /// The value's JSON text: `"KR"`, `7`, `null`, `{"a": 1}`.
        var rawValue: String
    }

    /// The members of `text`, in order; `nil` unless `text` is one well-formed JSON object
    /// at the top level (nested values are checked for balance, not validated in depth).
    static func members(of text: String) -> [Member]? {
        let bytes = Array(text.utf8)
        var index = 0
        skipSpace(bytes, &index)
        guard index < bytes.count, bytes[index] == UInt8(ascii: "{") else { return nil }
        index += 1
        var members: [Member] = []
        skipSpace(bytes, &index)
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            skipSpace(bytes, &index)
            return index == bytes.count ? members : nil
        }
        while true {
            skipSpace(bytes, &index)
            guard let nameRange = stringRange(bytes, from: index), let name = decodeString(bytes[nameRange]) else { return nil }
            index = nameRange.upperBound
            skipSpace(bytes, &index)
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return nil }
            index += 1
            skipSpace(bytes, &index)
            guard let valueEnd = valueEnd(bytes, from: index) else { return nil }
            members.append(Member(name: name, rawValue: String(decoding: bytes[index..<valueEnd], as: UTF8.self)))
            index = valueEnd
            skipSpace(bytes, &index)
            guard index < bytes.count else { return nil }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            guard bytes[index] == UInt8(ascii: "}") else { return nil }
            index += 1
            skipSpace(bytes, &index)
            return index == bytes.count ? members : nil
        }
    }

    /// The string a JSON string literal (quotes included) stands for.
    static func decodeString(_ literal: some Collection<UInt8>) -> String? {
        guard literal.count >= 2 else { return nil }
        if !literal.contains(UInt8(ascii: "\\")) {
            return String(decoding: literal.dropFirst().dropLast(), as: UTF8.self)
        }
        return try? JSONDecoder().decode(String.self, from: Data(literal))
    }

    /// Whether `text` is one complete JSON value (used to validate what a peer sends).
    static func isJSONValue(_ text: String) -> Bool {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8), options: .fragmentsAllowed)) != nil
    }

    // MARK: Scanning

    private static let whitespace: Set<UInt8> = [0x20, 0x09, 0x0a, 0x0d]

    private static func skipSpace(_ bytes: [UInt8], _ index: inout Int) {
        while index < bytes.count, whitespace.contains(bytes[index]) { index += 1 }
    }

    /// The range of the string literal starting at `start`, quotes included.
    private static func stringRange(_ bytes: [UInt8], from start: Int) -> Range<Int>? {
        guard start < bytes.count, bytes[start] == UInt8(ascii: "\"") else { return nil }
        var index = start + 1
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\\"): index += 2
            case UInt8(ascii: "\""): return start..<(index + 1)
            default: index += 1
            }
        }
        return nil
    }

    /// Where the value starting at `start` ends: after a string, a balanced object or array,
    /// or a bare literal (number, `true`, `false`, `null`).
    private static func valueEnd(_ bytes: [UInt8], from start: Int) -> Int? {
        guard start < bytes.count else { return nil }
        switch bytes[start] {
        case UInt8(ascii: "\""):
            return stringRange(bytes, from: start)?.upperBound
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            var index = start
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "\""):
                    guard let string = stringRange(bytes, from: index) else { return nil }
                    index = string.upperBound
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { return index + 1 }
                default:
                    break
                }
                index += 1
            }
            return nil
        default:
            var index = start
            while index < bytes.count, bytes[index] != UInt8(ascii: ","), bytes[index] != UInt8(ascii: "}"),
                  !whitespace.contains(bytes[index]) {
                index += 1
            }
            return index > start ? index : nil
        }
    }
}
