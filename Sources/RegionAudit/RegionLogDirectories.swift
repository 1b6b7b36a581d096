import Foundation

/// Resolves a directory an auditor names into the region logs it holds: itself, if it
/// contains segments, or else each subdirectory that does.
public enum RegionLogDirectories {
    public struct Log: Sendable, Hashable {
        public let path: String
        /// `"<region>: "` when several logs were found, empty for a single log.
        public let label: String
    }

    public static func find(in directory: String) throws -> [Log] {
        if try containsSegments(directory) { return [Log(path: directory, label: "")] }
        let children = try contents(of: directory).sorted().filter { child in
            var isDirectory: ObjCBool = false
            let path = directory + "/" + child
            return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
                && ((try? containsSegments(path)) ?? false)
        }
        guard !children.isEmpty else {
            throw ResidencyLogError.directoryUnavailable(
                path: directory, reason: "it holds no residency log segments (segment-*.jsonl[.gz]) and no region directories with them")
        }
        return children.map { Log(path: directory + "/" + $0, label: "\($0): ") }
    }

    private static func containsSegments(_ directory: String) throws -> Bool {
        try contents(of: directory).contains { SegmentName.parse($0) != nil }
    }

    private static func contents(of directory: String) throws -> [String] {
        do {
            return try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw ResidencyLogError.directoryUnavailable(path: directory, reason: error.localizedDescription)
        }
    }
}
