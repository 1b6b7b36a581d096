import Foundation

extension RegionsConfigLoader {
    /// Reads the file at `path` and parses it.
    ///
    /// The one place the core touches the file system: configuration is read once at start-up,
    /// before any decision is made, so decisions stay pure.
    ///
    /// - Throws: `ConfigFileError.unreadable` when the file cannot be read, otherwise as `parse`.
    public static func load(path: String) throws -> LoadedConfig {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigFileError.unreadable(path: path, reason: readFailureReason(path: path))
        }
        return try parse(yaml: text, file: path)
    }

    private static func readFailureReason(path: String) -> String {
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) { return "no such file" }
        if isDirectory.boolValue { return "it is a directory" }
        if !FileManager.default.isReadableFile(atPath: path) { return "permission denied" }
        return "it is not UTF-8 text"
    }
}
