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
        if let value { JSONStringLiteral.append(value, to: &text) } else { text += "null" }
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
        JSONStringLiteral.append(key, to: &text)
        text += ":"
    }
}
