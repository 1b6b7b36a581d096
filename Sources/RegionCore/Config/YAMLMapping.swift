import Yams

/// A YAML mapping whose keys keep their file order and their locations.
///
/// Order matters in regions.yaml (regions and geos are listed by preference), and key
/// locations let "unknown key" point at the key rather than at its value.
public struct YAMLMapping {
    public struct Entry {
        public let key: String
        public let keyLocation: SourceLocation
        public let value: YAMLValue
    }

    public let entries: [Entry]
    public let location: SourceLocation
    /// How messages name this mapping (the key it sits under, or the list item it is).
    public let context: String
    public let log: DiagnosticLog

    init(_ mapping: Node.Mapping, context: String, location: SourceLocation, log: DiagnosticLog) {
        self.context = context
        self.location = location
        self.log = log
        entries = mapping.compactMap { keyNode, valueNode in
            let keyLocation = keyNode.mark.map { SourceLocation(file: location.file, line: $0.line, column: $0.column) } ?? location
            guard case .scalar(let scalar) = keyNode else {
                log.error(keyLocation, "keys in \(context) must be plain text")
                return nil
            }
            let value = YAMLValue(node: valueNode, context: "'\(scalar.string)'", fallback: keyLocation, log: log)
            return Entry(key: scalar.string, keyLocation: keyLocation, value: value)
        }
    }

    public var keys: [String] { entries.map(\.key) }

    /// The value under `key`, or nil when the key is absent.
    public subscript(key: String) -> YAMLValue? { entries.first { $0.key == key }?.value }

    /// The entry for `key` (to report at the key's own location).
    public func entry(_ key: String) -> Entry? { entries.first { $0.key == key } }

    /// The value under `key`; records "missing key" at the mapping when absent.
    public func required(_ key: String) -> YAMLValue? {
        guard let value = self[key] else {
            log.error(location, "\(context) is missing the required key '\(key)'")
            return nil
        }
        return value
    }

    public func reportUnknownKeys(allowed: [String]) {
        for entry in entries where !allowed.contains(entry.key) {
            var message = "unknown key '\(entry.key)' in \(context)"
            if let suggestion = Self.closest(to: entry.key, among: allowed) {
                message += "; did you mean '\(suggestion)'?"
            } else {
                message += "; expected one of: \(allowed.joined(separator: ", "))"
            }
            log.error(entry.keyLocation, message)
        }
    }

    // MARK: Typed reads by key, for the common optional-with-default case

    public func string(_ key: String) -> String? { self[key]?.string() }
    public func int(_ key: String, in range: ClosedRange<Int>? = nil) -> Int? { self[key]?.int(in: range) }
    public func bool(_ key: String) -> Bool? { self[key]?.bool() }
    public func duration(_ key: String) -> Duration? { self[key]?.duration() }
    public func stringList(_ key: String) -> [String]? { self[key]?.stringList() }

    /// A misspelling is at most two edits from the intended key (`intervall`, `timout`).
    private static func closest(to key: String, among candidates: [String]) -> String? {
        candidates
            .map { ($0, editDistance(key, $0)) }
            .filter { $0.1 <= 2 }
            .min { $0.1 < $1.1 }?
            .0
    }

    private static func editDistance(_ lhs: String, _ rhs: String) -> Int {
        let a = Array(lhs), b = Array(rhs)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            previous = current
        }
        return previous[b.count]
    }
}
