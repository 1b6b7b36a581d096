import Foundation
import RegionCore

/// Damage that knows YAML's shape: keys, indentation, scalars, anchors and aliases. Byte
/// flips rarely get past the YAML scanner; these reach the readers and validators behind it.
enum YAMLMutator {
    enum Kind: CaseIterable {
        case bytes, misspellKey, dropKeyColon, indent, hugeNumber, oddDuration, unicode, aliasBomb, aliasReuse,
            swapLines, deleteLine, duplicateLine, replaceValueShape, mergeKey
    }

    /// Applies 1 to 3 mutations to `text`.
    static func mutate(_ text: String, using random: inout SplitMix64) -> String {
        var result = text
        for _ in 0..<Int.random(in: 1...3, using: &random) {
            result = apply(Kind.allCases.randomElement(using: &random)!, to: result, using: &random)
        }
        return result
    }

    static func apply(_ kind: Kind, to text: String, using random: inout SplitMix64) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let index = Int.random(in: 0..<max(1, lines.count), using: &random)
        if lines.isEmpty { lines = [""] }
        switch kind {
        case .bytes:
            return String(decoding: ByteMutator.mutate(Array(text.utf8), using: &random), as: UTF8.self)
        case .misspellKey:
            lines[index] = editKey(lines[index]) { key in misspell(key, using: &random) }
        case .dropKeyColon:
            lines[index] = lines[index].replacingFirst(":", with: Bool.random(using: &random) ? "" : " =")
        case .indent:
            let indents = ["", " ", "   ", "\t", "        ", "  - "]
            lines[index] = indents.randomElement(using: &random)! + lines[index].drop { $0 == " " }
        case .hugeNumber:
            lines[index] = replaceScalar(in: lines[index], with: hugeNumbers.randomElement(using: &random)!)
        case .oddDuration:
            lines[index] = replaceScalar(in: lines[index], with: oddDurations.randomElement(using: &random)!)
        case .unicode:
            var line = Array(lines[index])
            let position = Int.random(in: 0...line.count, using: &random)
            line.insert(contentsOf: oddUnicode.randomElement(using: &random)!, at: position)
            lines[index] = String(line)
        case .aliasBomb:
            return aliasBomb(depth: Int.random(in: 3...12, using: &random), width: Int.random(in: 2...10, using: &random))
                + text
        case .aliasReuse:
            lines[index] = replaceScalar(in: lines[index], with: "&a1 " + (lines[index].scalarPart ?? "x"))
            let other = Int.random(in: 0..<lines.count, using: &random)
            lines[other] = replaceScalar(in: lines[other], with: ["*a1", "*missing", "&a1 [*a1]"].randomElement(using: &random)!)
        case .swapLines:
            let other = Int.random(in: 0..<lines.count, using: &random)
            lines.swapAt(index, other)
        case .deleteLine:
            lines.remove(at: index)
        case .duplicateLine:
            lines.insert(lines[index], at: Int.random(in: 0...lines.count, using: &random))
        case .replaceValueShape:
            let shapes = ["[]", "{}", "~", "null", "\"\"", "[a, [b, {c: d}]]", "{x: 1}", "!!binary aGVsbG8=", "!custom 3", "|\n  text"]
            lines[index] = replaceScalar(in: lines[index], with: shapes.randomElement(using: &random)!)
        case .mergeKey:
            lines.insert("<<: {interval: 1s, traffic: 100}", at: index)
        }
        return lines.joined(separator: "\n")
    }

    /// "Billion laughs": each level lists the previous one `width` times, so a walk that
    /// expands aliases visits width^depth nodes.
    static func aliasBomb(depth: Int, width: Int) -> String {
        var text = "bomb0: &b0 [lol]\n"
        for level in 1...depth {
            let items = Array(repeating: "*b\(level - 1)", count: width).joined(separator: ", ")
            text += "bomb\(level): &b\(level) [\(items)]\n"
        }
        return text
    }

    static let hugeNumbers = [
        "99999999999999999999999999", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
        "18446744073709551616", "-1", "0", "1e308", "-0", "0x7fffffffffffffff", "1_000_000_000_000_000_000_000",
        "NaN", ".inf", "-.inf", "4294967296", "2147483648",
    ]

    static let oddDurations = [
        "0s", "-5s", "999999999999999d", "9223372036854775807ms", "1m30", "5 s", "1e3s", "s", "1.5s", "5sec",
        "106751991167300d", "1h1h", "+5s", "٥s", "10000000000000000000000h",
    ]

    static let oddUnicode: [[Character]] = [
        Array("\u{202E}"), Array("\u{200B}"), Array("\u{FEFF}"), Array("é"), Array("e\u{301}"), Array("🇰🇷"),
        Array("\u{0000}"), Array("сеул"), Array("\u{FFFD}"), Array("\u{1F4A9}"), Array("\r"), Array("\u{2028}"),
    ]

    private static func misspell(_ key: String, using random: inout SplitMix64) -> String {
        guard !key.isEmpty else { return "x" }
        var characters = Array(key)
        switch Int.random(in: 0..<4, using: &random) {
        case 0: characters.remove(at: Int.random(in: 0..<characters.count, using: &random))
        case 1: characters.insert("x", at: Int.random(in: 0...characters.count, using: &random))
        case 2: return key.uppercased()
        default: return key + "_" + key
        }
        return String(characters)
    }

    private static func editKey(_ line: String, _ edit: (String) -> String) -> String {
        guard let colon = line.firstIndex(of: ":") else { return line }
        let prefix = line[..<colon].prefix { $0 == " " || $0 == "-" || $0 == "{" }
        let key = String(line[line.index(line.startIndex, offsetBy: prefix.count)..<colon])
        return String(prefix) + edit(key) + String(line[colon...])
    }

    private static func replaceScalar(in line: String, with value: String) -> String {
        guard let colon = line.firstIndex(of: ":") else { return value }
        return String(line[...colon]) + " " + value
    }
}

extension String {
    fileprivate func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }

    /// The value after the first `key:` on a line, if any.
    fileprivate var scalarPart: String? {
        guard let colon = firstIndex(of: ":") else { return nil }
        let value = self[index(after: colon)...].trimmingCharacters(in: .whitespaces)
        return value.isEmpty ? nil : value
    }
}
