/// A string literal for SQL text, for config-derived names and residency values spliced into
/// statements (keys of `jsonb_build_object`, filter lists); row data always goes as parameters.
enum SQLText {
    static func literal(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "'", with: "''") + "'"
    }
}
