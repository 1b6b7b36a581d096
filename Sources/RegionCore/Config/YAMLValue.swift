import Yams

/// One node of a YAML document together with where it was written.
///
/// Every typed read either returns the value or records an error at this node's
/// `FILE:LINE:COLUMN` in the shared `DiagnosticLog` and returns nil, so a reader can keep
/// going and report every problem in one run.
public struct YAMLValue {
    public let node: Node
    public let location: SourceLocation
    /// How messages name this value: `'ttl'`, `item 2 of 'regions'`, `the document`.
    public let context: String
    public let log: DiagnosticLog

    init(node: Node, context: String, fallback: SourceLocation, log: DiagnosticLog) {
        self.node = node
        self.context = context
        self.log = log
        if let mark = node.mark {
            location = SourceLocation(file: fallback.file, line: mark.line, column: mark.column)
        } else {
            location = fallback
        }
    }

    // MARK: Reporting

    public func error(_ message: String) { log.error(location, message) }
    public func warning(_ message: String) { log.warning(location, message) }

    // MARK: Shape

    /// The scalar text exactly as written (no YAML 1.1 guessing: `NO` stays the country code).
    public var scalarText: String? {
        guard case .scalar(let scalar) = node, !isNull else { return nil }
        return scalar.string
    }

    /// True for `~`, `null` or an empty value (`key:` with nothing after it).
    public var isNull: Bool {
        guard case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    public var isMapping: Bool { node.mapping != nil }
    public var isSequence: Bool { node.sequence != nil }

    /// What was found, for messages: `'abc'`, `a list`, `a mapping`, `nothing`.
    public var foundDescription: String {
        switch node {
        case .scalar(let scalar): isNull ? "nothing" : "'\(scalar.string)'"
        case .sequence: "a list"
        case .mapping: "a mapping"
        case .alias: "an alias"
        }
    }

    // MARK: Typed reads

    public func string() -> String? {
        guard let text = scalarText else {
            error("\(context) must be a text value, found \(foundDescription)")
            return nil
        }
        return text
    }

    /// A text value that is not empty, for names and identifiers.
    public func nonEmptyString() -> String? {
        guard let text = string() else { return nil }
        guard !text.trimmingWhitespace().isEmpty else {
            error("\(context) must not be empty")
            return nil
        }
        return text
    }

    /// An integer, optionally within `range`; `1_000_000` is accepted.
    public func int(in range: ClosedRange<Int>? = nil) -> Int? {
        guard let text = scalarText, let value = Int(text.replacingUnderscores()) else {
            error("\(context) must be a whole number, found \(foundDescription)")
            return nil
        }
        if let range, !range.contains(value) {
            error("\(context) must be between \(range.lowerBound) and \(range.upperBound), found \(value)")
            return nil
        }
        return value
    }

    public func double() -> Double? {
        guard let text = scalarText, let value = Double(text.replacingUnderscores()), value.isFinite else {
            error("\(context) must be a number, found \(foundDescription)")
            return nil
        }
        return value
    }

    /// `true` or `false` only: YAML 1.1's `yes`/`no`/`on`/`off` are refused as too easy to misread.
    public func bool() -> Bool? {
        switch scalarText {
        case "true": return true
        case "false": return false
        default:
            error("\(context) must be true or false, found \(foundDescription)")
            return nil
        }
    }

    /// A duration such as `250ms`, `5s`, `2m`, `1h`, `30d` or `1m30s`.
    public func duration() -> Duration? {
        if let text = scalarText, ConfigDuration.exceedsMaximum(text) {
            error("\(context) must be at most \(ConfigDuration.format(ConfigDuration.maximum)) (a century), found '\(text)'")
            return nil
        }
        guard let text = scalarText, let value = ConfigDuration.parse(text) else {
            let hint = scalarText.flatMap { Int($0) }.map { " (write a unit, e.g. \($0)s or \($0)ms)" } ?? ""
            error("\(context) must be a duration such as 250ms, 5s, 2m, 1h or 30d, found \(foundDescription)\(hint)")
            return nil
        }
        return value
    }

    /// A size in bytes: a whole number, or one with a `KiB`, `MiB` or `GiB` suffix.
    public func byteCount() -> Int? {
        let units: [(suffix: String, factor: Int)] = [("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30)]
        if let text = scalarText?.trimmingWhitespace() {
            if let value = Int(text.replacingUnderscores()), value >= 0 { return value }
            for unit in units where text.hasSuffix(unit.suffix) {
                let number = String(text.dropLast(unit.suffix.count)).trimmingWhitespace()
                if let value = Int(number), value >= 0, value <= Int.max / unit.factor { return value * unit.factor }
            }
        }
        error("\(context) must be a size such as 65536, 512KiB or 16MiB, found \(foundDescription)")
        return nil
    }

    /// One of an enumeration's raw values, listing the accepted values when it is not.
    public func choice<Choice: RawRepresentable & CaseIterable>(_ type: Choice.Type) -> Choice?
    where Choice.RawValue == String {
        guard let text = string() else { return nil }
        guard let value = Choice(rawValue: text) else {
            let accepted = Choice.allCases.map(\.rawValue).joined(separator: ", ")
            error("\(context) must be one of \(accepted), found '\(text)'")
            return nil
        }
        return value
    }

    /// The items of a list, each located; a single scalar is not promoted to a list.
    public func list() -> [YAMLValue]? {
        guard let sequence = node.sequence else {
            error("\(context) must be a list, found \(foundDescription)")
            return nil
        }
        return sequence.enumerated().map { index, item in
            YAMLValue(node: item, context: "item \(index + 1) of \(context)", fallback: location, log: log)
        }
    }

    /// A list of text values; items that are not text are reported and skipped.
    public func stringList() -> [String]? {
        list()?.compactMap { $0.string() }
    }

    /// The entries of a mapping in file order.
    ///
    /// - Parameter allowedKeys: When given, every other key is reported as unknown at the
    ///   key itself, with a suggestion when it looks like a misspelling of an allowed one.
    public func mapping(allowedKeys: [String]? = nil) -> YAMLMapping? {
        guard let mapping = node.mapping else {
            error("\(context) must be a mapping of keys to values, found \(foundDescription)")
            return nil
        }
        let result = YAMLMapping(mapping, context: context, location: location, log: log)
        if let allowedKeys { result.reportUnknownKeys(allowed: allowedKeys) }
        return result
    }
}

extension String {
    fileprivate func replacingUnderscores() -> String { filter { $0 != "_" } }
}
