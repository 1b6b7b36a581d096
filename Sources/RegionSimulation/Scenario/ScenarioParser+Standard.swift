import RegionConfigIO
import RegionCore

extension ScenarioParser {
    /// A parser that loads the scenario's `config:` with the same loader and validation as
    /// the agent, so a rehearsal never runs a deployment the agent would refuse.
    public static var standard: ScenarioParser {
        ScenarioParser { path throws(ScenarioLoadError) in
            do {
                return try RegionsConfigLoader.load(path: path).config
            } catch let error as ConfigFileError {
                throw .file(error)
            } catch let error as ConfigValidationError {
                throw .invalid(error.errors)
            } catch {
                throw .invalid([ConfigDiagnostic(SourceLocation(file: path, line: 1, column: 1), .error, "\(error)")])
            }
        }
    }
}
