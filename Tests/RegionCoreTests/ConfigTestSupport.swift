import Foundation
import Testing
@testable import RegionCore

/// The real regions.yaml at the repository root, and broken copies of it.
enum RegionsYAML {
    static let url = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("regions.yaml")

    static func text() throws -> String { try String(contentsOf: url, encoding: .utf8) }

    /// regions.yaml with `original` (which must occur exactly once) replaced.
    static func replacing(_ original: String, with replacement: String) throws -> String {
        let text = try text()
        let occurrences = text.components(separatedBy: original).count - 1
        try #require(occurrences == 1, "'\(original)' occurs \(occurrences) times in regions.yaml")
        return text.replacingOccurrences(of: original, with: replacement)
    }

    /// The 1-based line of the first line containing `fragment` in `text`.
    static func line(of fragment: String, in text: String) throws -> Int {
        let lines = text.components(separatedBy: "\n")
        let index = try #require(lines.firstIndex { $0.contains(fragment) }, "no line contains '\(fragment)'")
        return index + 1
    }

    /// The 1-based column where `fragment` starts on `line`.
    static func column(of fragment: String, onLine line: Int, in text: String) throws -> Int {
        let content = text.components(separatedBy: "\n")[line - 1]
        let range = try #require(content.range(of: fragment))
        return content.distance(from: content.startIndex, to: range.lowerBound) + 1
    }

    /// Where `fragment` (the first occurrence, or the first after a line containing `after`) is.
    static func location(of fragment: String, after anchor: String? = nil, in text: String) throws -> String {
        let lines = text.components(separatedBy: "\n")
        let start = try anchor.map { try line(of: $0, in: text) - 1 } ?? 0
        let index = try #require(lines[start...].firstIndex { $0.contains(fragment) }, "no line contains '\(fragment)'")
        return "regions.yaml:\(index + 1):\(try column(of: fragment, onLine: index + 1, in: text))"
    }

    /// The errors of loading `text`, or an issue when it loads.
    static func errors(of text: String) -> [String] {
        do {
            _ = try RegionsConfigLoader.parse(yaml: text, file: "regions.yaml")
            Issue.record("the broken copy loaded without errors")
            return []
        } catch let error as ConfigValidationError {
            return error.errors.map(\.description)
        } catch {
            Issue.record("unexpected error \(error)")
            return []
        }
    }
}

/// Expects loading `text` to fail with an error at `fragment` (its first occurrence, or the
/// first after the line containing `anchor`) whose message contains `message`.
func expectError(
    in text: String, at fragment: String, after anchor: String? = nil, _ message: String,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
) throws {
    let location = try RegionsYAML.location(of: fragment, after: anchor, in: text)
    let errors = RegionsYAML.errors(of: text)
    #expect(
        errors.contains { $0.hasPrefix(location + ": ") && $0.contains(message) },
        "expected '\(location): …\(message)…' among:\n\(errors.joined(separator: "\n"))",
        sourceLocation: sourceLocation)
}
