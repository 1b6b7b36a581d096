import Foundation
import RegionCore

/// Damage that knows JSON's shape: a value at a random path replaced by another type, an
/// out-of-range number, a removed or duplicated key, or deep nesting. These reach the
/// decoder's field checks, which byte flips mostly do not.
enum JSONMutator {
    /// Mutates `json`; returns it unchanged when it is not a JSON object.
    static func mutate(_ json: [UInt8], using random: inout SplitMix64) -> [UInt8] {
        guard var root = try? JSONSerialization.jsonObject(with: Data(json)) as? [String: Any] else { return json }
        let paths = leafPaths(of: root, prefix: [])
        guard let path = paths.randomElement(using: &random) else { return json }
        var raw: String? = nil
        switch Int.random(in: 0..<4, using: &random) {
        case 0: root = removing(path, from: root)
        case 1: raw = rawValues.randomElement(using: &random)!
        case 2: raw = deepNesting(Int.random(in: 100...100_000, using: &random))
        default: raw = "\"" + ["", "seoul", "tokyo", "frankfurt", "atlantis", "SEOUL", "critical", "\\u0000", "é"].randomElement(using: &random)! + "\""
        }
        if raw != nil { root = replacing(path, in: root, with: placeholder) }
        guard let data = try? JSONSerialization.data(withJSONObject: root, options: [.sortedKeys]) else { return json }
        var text = String(decoding: data, as: UTF8.self)
        if let raw { text = text.replacingOccurrences(of: "\"\(placeholder)\"", with: raw) }
        return Array(text.utf8)
    }

    private static let placeholder = "__regiond_fuzz__"

    static let rawValues = [
        "null", "true", "-1", "0", "1e400", "-1e400", "18446744073709551616", "9223372036854775807",
        "-9223372036854775808", "1.5", "[]", "{}", "[1,2,3]", "{\"x\":1}", "\"\"", "\"1.0\"", "\"2.0\"", "\"0.1\"",
        "\"1.1\"", "\"1.9\"", "\"99999999999999999999.0\"", "[\"a\"]", "[[]]",
    ]

    static func deepNesting(_ depth: Int) -> String {
        String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
    }

    private enum Step { case key(String), index(Int) }

    private static func leafPaths(of value: Any, prefix: [Step]) -> [[Step]] {
        var paths: [[Step]] = prefix.isEmpty ? [] : [prefix]
        if let object = value as? [String: Any] {
            for (key, child) in object { paths += leafPaths(of: child, prefix: prefix + [.key(key)]) }
        } else if let array = value as? [Any] {
            for (index, child) in array.enumerated() { paths += leafPaths(of: child, prefix: prefix + [.index(index)]) }
        }
        return paths
    }

    private static func replacing(_ path: [Step], in value: Any, with replacement: Any) -> [String: Any] {
        (update(value, path[...]) { _ in replacement } as? [String: Any]) ?? [:]
    }

    private static func removing(_ path: [Step], from value: [String: Any]) -> [String: Any] {
        (update(value, path[...]) { _ in nil } as? [String: Any]) ?? [:]
    }

    /// Rebuilds `value` with the node at `path` transformed; a nil result removes it.
    private static func update(_ value: Any, _ path: ArraySlice<Step>, _ transform: (Any) -> Any?) -> Any? {
        guard let step = path.first else { return transform(value) }
        switch step {
        case .key(let key):
            guard var object = value as? [String: Any], let child = object[key] else { return value }
            object[key] = update(child, path.dropFirst(), transform)
            return object
        case .index(let index):
            guard var array = value as? [Any], array.indices.contains(index) else { return value }
            if let updated = update(array[index], path.dropFirst(), transform) { array[index] = updated } else { array.remove(at: index) }
            return array
        }
    }
}
