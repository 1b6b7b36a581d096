import Foundation

/// A name spliced into SQL text (table, column, schema, channel), always double-quoted so
/// that any spelling in regions.yaml is safe.
public struct SQLIdentifier: Hashable, Sendable, CustomStringConvertible {
    public var name: String

    public init(_ name: String) { self.name = name }

    public var quoted: String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
    public var description: String { quoted }
}

/// A string literal for SQL text; used only for names and class names from the config.
func sqlLiteral(_ value: String) -> String {
    "'" + value.replacingOccurrences(of: "'", with: "''") + "'"
}
