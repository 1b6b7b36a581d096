/// A validated configuration and what the user should still know about it.
public struct LoadedConfig: Sendable {
    public var config: RegionsConfig
    /// Problems that do not stop regiond but matter (for example users a failover would
    /// serve from a region that may not hold their personal data), in file order.
    public var warnings: [ConfigDiagnostic]
    /// Where each part was written, for tools that report about the configuration.
    public var sourceMap: ConfigSourceMap

    public init(config: RegionsConfig, warnings: [ConfigDiagnostic], sourceMap: ConfigSourceMap) {
        self.config = config
        self.warnings = warnings
        self.sourceMap = sourceMap
    }
}

/// Reads regions.yaml into a `RegionsConfig`, checking every rule at once.
///
/// Errors come back together in one `ConfigValidationError`, each as
/// `FILE:LINE:COLUMN: message` pointing at the node to change, so an SRE fixes a broken
/// file in one pass instead of one error per run.
public enum RegionsConfigLoader {
    /// Parses and validates YAML text.
    ///
    /// - Parameters:
    ///   - yaml: The text of regions.yaml.
    ///   - file: The name diagnostics print (the path as the user gave it).
    /// - Throws: `ConfigFileError.notYAML` when the text is not YAML;
    ///   `ConfigValidationError` with every error (and warning) when it is YAML but invalid.
    public static func parse(yaml: String, file: String) throws -> LoadedConfig {
        let log = DiagnosticLog()
        let root = try YAMLDocument.parse(yaml, file: file, log: log)
        let reader = RegionsConfigReader(log: log, file: file)
        let config = reader.read(root)
        RegionsConfigValidator(config: config, sourceMap: reader.sourceMap, incomplete: reader.incomplete, log: log)
            .validate()
        InlineSecretScanner(log: log).scan(root)
        if let error = log.validationError { throw error }
        return LoadedConfig(config: config, warnings: log.sortedDiagnostics, sourceMap: reader.sourceMap)
    }
}
