/// JSON string literals, escaped one way everywhere. The residency log hashes its records'
/// canonical text, so this form must never change; the peer wire and the simulator's
/// reports write strings the same way rather than keeping their own escapers.
public enum JSONStringLiteral {
    /// Appends `value` quoted: JSON's short escapes where it has them, `\uXXXX` for the
    /// other control characters, everything else verbatim.
    public static func append(_ value: String, to text: inout String) {
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

    /// `value` as a quoted JSON string.
    public static func quoted(_ value: String) -> String {
        var text = ""
        append(value, to: &text)
        return text
    }

    private static func needsEscaping(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }
}
