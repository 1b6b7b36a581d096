import Yams

/// Turns YAML text into a located tree that configuration readers walk with `YAMLValue`.
///
/// Shared by every file regiond reads (regions.yaml, scenario files) so all of them report
/// problems the same way: `FILE:LINE:COLUMN: message`, every problem at once.
public enum YAMLDocument {
    /// Parses the first document of `text`.
    ///
    /// - Parameters:
    ///   - file: The name printed in diagnostics (usually the path as the user gave it).
    ///   - log: Where typed reads of the returned tree record their problems.
    /// - Throws: `ConfigFileError.notYAML` when the text is not well-formed YAML or is empty.
    public static func parse(_ text: String, file: String, log: DiagnosticLog) throws(ConfigFileError) -> YAMLValue {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw .notYAML(location(of: error, file: file), problem: problem(of: error))
        } catch {
            throw .notYAML(SourceLocation(file: file, line: 1, column: 1), problem: String(describing: error))
        }
        guard let root else {
            throw .notYAML(SourceLocation(file: file, line: 1, column: 1), problem: "the file holds no YAML document")
        }
        let start = SourceLocation(file: file, line: 1, column: 1)
        guard root.expandedSize(limit: maxExpandedValues) <= maxExpandedValues else {
            throw .notYAML(
                start,
                problem: "the document expands to more than \(maxExpandedValues) values through its anchors and aliases (&name/*name); write the repeated parts out or use fewer aliases")
        }
        return YAMLValue(node: root, context: "the document", fallback: start, log: log)
    }

    /// The most values a document may hold once its aliases are expanded. Readers walk the
    /// expanded tree, so a "billion laughs" file (aliases of aliases) would otherwise keep
    /// an agent or `regiond check` busy forever; real files hold a few hundred values.
    public static let maxExpandedValues = 100_000

    private static func location(of error: YamlError, file: String) -> SourceLocation {
        let mark: Mark? =
            switch error {
            case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): mark
            case .duplicatedKeysInMapping(_, let context): context.mark
            default: nil
            }
        return SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    private static func problem(of error: YamlError) -> String {
        switch error {
        case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _),
            .composer(let context, let problem, _, _):
            [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
        case .duplicatedKeysInMapping(let duplicates, _):
            "duplicate key \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) in one mapping; keep only one"
        case .reader(let problem, _, _, _):
            problem
        default:
            String(describing: error)
        }
    }
}
