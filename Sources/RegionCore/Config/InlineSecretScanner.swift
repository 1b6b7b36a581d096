/// Looks through every value of a document for secrets written inline: a `password=`,
/// credentials in a URL (`user:pass@`), or a secret-named key given a plain string.
///
/// The file is committed and shared; a secret in it leaks to everyone who can read the
/// repository. Findings never echo the value.
struct InlineSecretScanner {
    let log: DiagnosticLog

    private static let secretKeyWords = ["password", "passwd", "secret", "token", "api_key", "apikey", "access_key", "cluster_key", "dsn", "database"]
    private static let advice = "move it to an environment variable or a file and write {env: NAME} or {file: PATH}"

    func scan(_ value: YAMLValue) {
        if value.isMapping, let mapping = value.mapping() {
            for entry in mapping.entries {
                if let text = entry.value.scalarText, isSecretKey(entry.key) {
                    reportUnlessKnown(entry.value, "'\(entry.key)' is written inline as text; \(Self.advice)", text: text)
                } else {
                    scan(entry.value)
                }
            }
        } else if value.isSequence, let items = value.list() {
            items.forEach(scan)
        } else if let text = value.scalarText, let kind = secretShape(text) {
            reportUnlessKnown(value, "this value contains \(kind) written inline; \(Self.advice)", text: text)
        }
    }

    private func isSecretKey(_ key: String) -> Bool {
        let lowered = key.lowercased()
        return Self.secretKeyWords.contains { lowered.contains($0) }
    }

    private func secretShape(_ text: String) -> String? {
        if text.contains("="), text.contains(#/(?i)(password|passwd|pwd|secret|token)\s*=\s*\S/#) { return "a password or token" }
        if text.contains("@"), text.contains(#/[A-Za-z][A-Za-z0-9+.\-]*:\/\/[^\/@:\s]+:[^\/@\s]+@/#) { return "credentials (user:password@)" }
        return nil
    }

    /// Another rule may already have refused this node (a plain-string database, say);
    /// one finding per node is enough.
    private func reportUnlessKnown(_ value: YAMLValue, _ message: String, text: String) {
        guard !text.isEmpty, !log.diagnostics.contains(where: { $0.location == value.location && $0.severity == .error }) else { return }
        value.error(message)
    }
}
