import Foundation

/// The segment files present in one region's log directory, grouped by segment.
struct SegmentDirectory {
    struct Entry: Sendable {
        let name: SegmentName
        var hasOpen = false
        var hasCompressed = false
        var hasDigest = false

        /// A closed segment is its compressed file; the digest may be missing (damage).
        var isClosed: Bool { hasCompressed }
    }

    let path: String
    /// In chain order.
    let entries: [Entry]
    /// Files left by an interrupted atomic write.
    let temporaryFiles: [String]

    static func scan(_ path: String) throws(ResidencyLogError) -> SegmentDirectory {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            throw .directoryUnavailable(path: path, reason: error.localizedDescription)
        }
        var byIndex: [Int: Entry] = [:]
        for fileName in names {
            guard let (name, kind) = SegmentName.parse(fileName) else { continue }
            var entry = byIndex[name.index] ?? Entry(name: name)
            switch kind {
            case .open: entry.hasOpen = true
            case .compressed: entry.hasCompressed = true
            case .digest: entry.hasDigest = true
            }
            byIndex[name.index] = entry
        }
        let temporary = names.filter { $0.hasPrefix(SegmentName.prefix) && $0.hasSuffix(".tmp") }
        return SegmentDirectory(path: path, entries: byIndex.values.sorted { $0.name < $1.name }, temporaryFiles: temporary.sorted())
    }
}
