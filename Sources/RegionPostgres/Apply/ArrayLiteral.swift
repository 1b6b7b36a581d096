/// A PostgreSQL array in its text form (`{"a","b\"c",NULL}`), for sending many values as one
/// statement parameter that `unnest` turns back into rows.
struct ArrayLiteral {
    private(set) var text = "{"
    private var isEmpty = true

    mutating func append(_ value: String?) {
        if !isEmpty { text.append(",") }
        isEmpty = false
        guard let value else {
            text.append("NULL")
            return
        }
        text.append("\"")
        for character in value.unicodeScalars {
            if character == "\"" || character == "\\" { text.append("\\") }
            text.unicodeScalars.append(character)
        }
        text.append("\"")
    }

    /// The literal, closed.
    var literal: String { text + "}" }
}
