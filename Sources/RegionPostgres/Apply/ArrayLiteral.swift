/// A PostgreSQL array in its text form (`{"a","b\"c",NULL}`), for sending many values as one
/// statement parameter that `unnest` turns back into rows.
///
/// Built as UTF-8 bytes: a batch's rows are megabytes of JSON, and escaping them one
/// `Unicode.Scalar` at a time into a `String` cost more than the database spent applying them.
struct ArrayLiteral {
    private var bytes: [UInt8] = [UInt8(ascii: "{")]
    private var isEmpty = true

    mutating func append(_ value: String?) {
        if !isEmpty { bytes.append(UInt8(ascii: ",")) }
        isEmpty = false
        guard var value else {
            bytes.append(contentsOf: "NULL".utf8)
            return
        }
        bytes.append(Self.quote)
        value.withUTF8 { utf8 in
            for byte in utf8 {
                if byte == Self.quote || byte == Self.backslash { bytes.append(Self.backslash) }
                bytes.append(byte)
            }
        }
        bytes.append(Self.quote)
    }

    /// The literal, closed.
    var literal: String { String(decoding: bytes + [UInt8(ascii: "}")], as: UTF8.self) }

    private static let quote = UInt8(ascii: "\"")
    private static let backslash = UInt8(ascii: "\\")
}
