/// Writes a JSON object byte for byte the same way every time: keys in the order they are
/// added, no whitespace, integers in decimal, strings escaped minimally.
///
/// String escaping: `"` → `\"`, `\` → `\\`, the control characters U+0008, U+0009, U+000A,
/// U+000C, U+000D → `\b \t \n \f \r`, other control characters below U+0020 → `\u00xx`
/// (lowercase hex); every other character is written as itself in UTF-8.
struct CanonicalJSONObject {
    private(set) var text = "{"
    private var isEmpty = true

    mutating func add(_ key: String, _ value: String?) {
        appendKey(key)
        if let value { Self.appendString(value, to: &text) } else { text += "null" }
    }

    mutating func add(_ key: String, _ value: some BinaryInteger) {
        appendKey(key)
        text += String(value)
    }

    /// The finished object.
    var closed: String { text + "}" }

    private mutating func appendKey(_ key: String) {
        if !isEmpty { text += "," }
        isEmpty = false
        Self.appendString(key, to: &text)
        text += ":"
    }

    private static func appendString(_ value: String, to text: inout String) {
        text += "\""
        if !value.utf8.contains(where: needsEscaping) {
            text += value
            text += "\""
            return
        }
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\u{08}": text += "\\b"
            case "\t": text += "\\t"
            case "\n": text += "\\n"
            case "\u{0C}": text += "\\f"
            case "\r": text += "\\r"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
    }

    private static func needsEscaping(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }
}
