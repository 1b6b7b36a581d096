import Foundation
import RegionAudit
import RegionCompression
import RegionCore
import Testing

/// Auditors verify residency logs offline, possibly logs someone tampered with. Whatever
/// the damage, `ResidencyLogVerifier` must name a broken segment (and line) or report an
/// intact log whose records are exactly the ones written, perhaps minus a tail (removing
/// the end of a log is undetectable from the log alone, as documented).
struct ResidencyLogFuzzTests {
    /// A tampered segment may not inflate past this; bombs must be refused.
    static let maxSegmentBytes = 1 << 20

    @Test func damagedLogsAreNamedOrReadBackUnchanged() throws {
        let fixture = try ResidencyLogFixture.write()
        let scratch = try ScratchDirectory("audit-fuzz")
        defer { scratch.remove() }
        let bomb = try Zlib.compress(Array(repeating: UInt8(ascii: "\n"), count: 8 << 20), format: .gzip)
        var touched = try Self.lay(fixture.files, changedBy: [:], in: scratch.path, undoing: Set(fixture.files.keys))
        let report = FuzzCampaign(target: "residency-log").run { random in
            let damage = Self.damage(fixture, bomb: bomb, using: &random)
            do {
                touched = try Self.lay(fixture.files, changedBy: damage, in: scratch.path, undoing: touched)
                return try Self.verdict(scratch.path, fixture: fixture)
            } catch {
                return .violation("harness could not prepare the case: \(error)")
            }
        }
        #expect(report.failures.isEmpty, "\(report.failures)")
        #expect(report.coversBothOutcomes, "the generator must produce both intact and damaged logs")
    }

    /// File name to new content; nil removes the file.
    typealias Damage = [String: [UInt8]?]

    static func damage(_ fixture: ResidencyLogFixture, bomb: [UInt8], using random: inout SplitMix64) -> Damage {
        let names = fixture.files.keys.sorted()
        let name = names.randomElement(using: &random)!
        let content = fixture.files[name]!
        switch Int.random(in: 0..<7, using: &random) {
        case 0:
            return [name: ByteMutator.mutate(content, using: &random)]
        case 1:
            return [name: nil]
        case 2:
            return [name: Array(String(decoding: content, as: UTF8.self).mutatedLines(using: &random).utf8)]
        case 3:
            return recompressed(fixture, using: &random, digestUpdated: false)
        case 4:
            return recompressed(fixture, using: &random, digestUpdated: true)
        case 5:
            let segment = fixture.closedSegments.randomElement(using: &random)!
            return [segment: bomb, digestName(of: segment): digest(fixture.files[digestName(of: segment)]!, sha256Of: bomb)]
        default:
            let stray = ["segment-00000009.jsonl", "segment-00000002.jsonl", "segment-0.jsonl", "segment-+1.jsonl", "segment-00000003.jsonl.tmp"]
            return [stray.randomElement(using: &random)!: Array((fixture.lines.randomElement(using: &random)! + "\n").utf8)]
        }
    }

    /// A closed segment decompressed, its text damaged, compressed again: the gzip layer is
    /// intact, so only the digest and the chain can catch it. With `digestUpdated` the
    /// tamperer also rewrote the digest file's SHA-256, leaving the chain alone to catch it.
    static func recompressed(_ fixture: ResidencyLogFixture, using random: inout SplitMix64, digestUpdated: Bool) -> Damage {
        let segment = fixture.closedSegments.randomElement(using: &random)!
        guard let plain = try? Zlib.decompress(fixture.files[segment]!, format: .gzip, maxOutput: maxSegmentBytes),
              let damaged = try? Zlib.compress(Array(String(decoding: plain, as: UTF8.self).mutatedLines(using: &random).utf8), format: .gzip)
        else { return [:] }
        guard digestUpdated else { return [segment: damaged] }
        let digestFile = digestName(of: segment)
        return [segment: damaged, digestFile: digest(fixture.files[digestFile]!, sha256Of: damaged)]
    }

    static func digestName(of segment: String) -> String {
        String(segment.dropLast(".jsonl.gz".count)) + ".digest.json"
    }

    /// The digest file with its `sha256` replaced by that of `bytes`.
    static func digest(_ digestFile: [UInt8], sha256Of bytes: [UInt8]) -> [UInt8] {
        guard var object = try? JSONSerialization.jsonObject(with: Data(digestFile)) as? [String: Any] else { return digestFile }
        object["sha256"] = AuditDigest.sha256(of: bytes).hex
        return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])).map(Array.init) ?? digestFile
    }

    /// Makes `directory` hold exactly the fixture's files with `damage` applied, rewriting
    /// only what the previous case (`previous`) or this one touch; returns what to undo next.
    static func lay(_ files: [String: [UInt8]], changedBy damage: Damage, in directory: String, undoing previous: Set<String>) throws -> Set<String> {
        let manager = FileManager.default
        for name in previous.union(damage.keys) {
            let path = directory + "/" + name
            if manager.fileExists(atPath: path) { try manager.removeItem(atPath: path) }
            let content: [UInt8]?
            if let change = damage[name] { content = change } else { content = files[name] }
            if let content { try Data(content).write(to: URL(fileURLWithPath: path)) }
        }
        return Set(damage.keys)
    }

    static func verdict(_ directory: String, fixture: ResidencyLogFixture) throws -> FuzzVerdict {
        let outcome: ResidencyLogVerification
        do {
            outcome = try ResidencyLogVerifier(directory: directory, maxSegmentBytes: maxSegmentBytes).verify()
        } catch {
            let message = String(describing: error)
            return message.isEmpty ? .violation("verify threw without a message") : .refused
        }
        switch outcome {
        case .broken(let damage, let verified):
            if damage.segment.isEmpty || damage.problem.trimmingWhitespace().isEmpty { return .violation("damage without a place or problem: \(damage)") }
            if verified > fixture.lines.count { return .violation("verified \(verified) records of \(fixture.lines.count)") }
            return .refused
        case .intact(let log):
            let read = try ResidencyLogReader(directory: directory, maxSegmentBytes: maxSegmentBytes).records().map(\.jsonLine)
            guard read.count == log.records, read.elementsEqual(fixture.lines.prefix(read.count)) else {
                return .violation("verified as intact (\(log.records) records) but the records differ from those written")
            }
            return .accepted
        }
    }
}

extension String {
    /// Line-level tampering: a line removed, duplicated, swapped with another, or one field
    /// of one record rewritten (the edit a person hiding a transfer would make).
    fileprivate func mutatedLines(using random: inout SplitMix64) -> String {
        var lines = split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count > 1 else { return self }
        let index = Int.random(in: 0..<(lines.count - 1), using: &random)
        switch Int.random(in: 0..<4, using: &random) {
        case 0: lines.remove(at: index)
        case 1: lines.insert(lines[index], at: index)
        case 2: lines.swapAt(index, Int.random(in: 0..<(lines.count - 1), using: &random))
        default: lines[index] = String(decoding: JSONMutator.mutate(Array(lines[index].utf8), using: &random), as: UTF8.self)
        }
        return lines.joined(separator: "\n")
    }
}
