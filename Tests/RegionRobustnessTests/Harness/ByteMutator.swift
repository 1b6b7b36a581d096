import RegionCore

/// Format-blind damage to a byte string: what a flipped bit on disk, a truncated upload or
/// a buggy peer produce.
enum ByteMutator {
    enum Kind: CaseIterable {
        case flipBit, setByte, truncate, deleteRange, duplicateRange, insertRandom, swapRanges
    }

    /// Applies 1 to 3 random mutations.
    static func mutate(_ bytes: [UInt8], using random: inout SplitMix64) -> [UInt8] {
        var result = bytes
        for _ in 0..<Int.random(in: 1...3, using: &random) {
            result = apply(Kind.allCases.randomElement(using: &random)!, to: result, using: &random)
        }
        return result
    }

    static func apply(_ kind: Kind, to bytes: [UInt8], using random: inout SplitMix64) -> [UInt8] {
        guard !bytes.isEmpty else { return [UInt8.random(in: 0...255, using: &random)] }
        var result = bytes
        let position = Int.random(in: 0..<bytes.count, using: &random)
        switch kind {
        case .flipBit:
            result[position] ^= 1 << UInt8.random(in: 0...7, using: &random)
        case .setByte:
            result[position] = interestingBytes.randomElement(using: &random)!
        case .truncate:
            result.removeSubrange(position...)
        case .deleteRange:
            result.removeSubrange(position..<min(bytes.count, position + Int.random(in: 1...64, using: &random)))
        case .duplicateRange:
            let range = position..<min(bytes.count, position + Int.random(in: 1...256, using: &random))
            result.insert(contentsOf: bytes[range], at: Int.random(in: 0...bytes.count, using: &random))
        case .insertRandom:
            let count = Int.random(in: 1...16, using: &random)
            result.insert(contentsOf: (0..<count).map { _ in UInt8.random(in: 0...255, using: &random) }, at: position)
        case .swapRanges:
            let other = Int.random(in: 0..<bytes.count, using: &random)
            let (low, high) = (min(position, other), max(position, other))
            let length = min(Int.random(in: 1...32, using: &random), high - low)
            guard length > 0, high + length <= bytes.count else { return result }
            result.replaceSubrange(low..<low + length, with: bytes[high..<high + length])
            result.replaceSubrange(high..<high + length, with: bytes[low..<low + length])
        }
        return result
    }

    /// Bytes that change the meaning of structured text: quotes, brackets, separators,
    /// YAML/JSON indicators, NUL, a UTF-8 lead byte without its continuation.
    static let interestingBytes: [UInt8] = Array("\"'{}[]:,-&*!|>#%@`\\\n\t 0".utf8) + [0x00, 0xFF, 0xC3, 0x80]
}
