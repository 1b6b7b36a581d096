import ArgumentParser
import Foundation
import RegionCore

/// The `--config` option every command that reads regions.yaml shares, and the one place
/// that turns loading failures into messages and exit codes.
///
/// Exit codes: 1 when the file is YAML but invalid (every error is printed), 2 when it
/// cannot be read or is not YAML at all; scripts and CI tell the two apart.
struct ConfigOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp("The deployment file every agent shares.", valueName: "path"))
    var config: String = "regions.yaml"

    /// Loads and validates the file, or prints why not to standard error and exits.
    func load() throws -> LoadedConfig {
        do {
            return try RegionsConfigLoader.load(path: config)
        } catch let error as ConfigValidationError {
            let errors = error.errors
            for diagnostic in errors { StandardError.print(diagnostic.description) }
            let warnings = error.diagnostics.count - errors.count
            let warningNote = warnings == 0 ? "" : " (and \(warnings) warning\(warnings == 1 ? "" : "s"), shown once the errors are fixed)"
            StandardError.print("\(config): \(errors.count) error\(errors.count == 1 ? "" : "s")\(warningNote)")
            throw ExitCode(1)
        } catch let error as ConfigFileError {
            StandardError.print(error.description)
            throw ExitCode(2)
        }
    }
}

/// Writes diagnostics where shells and CI expect them, apart from reports on standard output.
enum StandardError {
    static func print(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
