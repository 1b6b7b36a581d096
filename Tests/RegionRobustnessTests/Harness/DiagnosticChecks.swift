import RegionCore

/// The "a clear error" property: every diagnostic points into the file it names, within
/// the text that was read, and says something.
enum DiagnosticChecks {
    static func problems(in diagnostics: [ConfigDiagnostic], file: String, text: String) -> [String] {
        let lineCount = text.split(separator: "\n", omittingEmptySubsequences: false).count
        var problems: [String] = []
        if !diagnostics.contains(where: { $0.severity == .error }) { problems.append("refused without any error diagnostic") }
        for diagnostic in diagnostics {
            problems += locationProblems(diagnostic.location, file: file, lineCount: lineCount)
            if diagnostic.message.trimmingWhitespace().isEmpty { problems.append("empty message at \(diagnostic.location)") }
        }
        return problems
    }

    static func locationProblems(_ location: SourceLocation, file: String, lineCount: Int) -> [String] {
        var problems: [String] = []
        if location.file != file { problems.append("location names file '\(location.file)' instead of '\(file)'") }
        if location.line < 1 || location.line > lineCount + 1 { problems.append("line \(location.line) outside 1...\(lineCount + 1)") }
        if location.column < 1 { problems.append("column \(location.column) below 1") }
        return problems
    }
}

extension String {
    func trimmingWhitespace() -> String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
