import RegionCompression
import RegionCore

/// Turns an open segment into a closed one: `segment-N.jsonl.gz` plus
/// `segment-N.digest.json`, then removes the plain file.
///
/// Each step is atomic and the plain file goes last, so a crash at any point leaves either
/// the open segment (closing is redone at the next start) or a complete closed one.
struct SegmentCloser {
    let directory: String

    /// Closes `name` and returns its digest.
    @discardableResult
    func close(_ name: SegmentName) throws(ResidencyLogError) -> SegmentDigest {
        let plainPath = path(name.open)
        let plain = try LogFiles.readAll(plainPath)
        let lines = plain.split(separator: UInt8(ascii: "\n"))
        guard let firstLine = lines.first, let lastLine = lines.last,
              let first = try? AuditRecordLine.decode(firstLine), let last = try? AuditRecordLine.decode(lastLine)
        else {
            throw .damaged(ResidencyLogDamage(segment: name.open, problem: "cannot be closed: its first or last record is unreadable"))
        }
        let compressed: [UInt8]
        do {
            compressed = try Zlib.compress(plain, level: .smallest, format: .gzip)
        } catch {
            throw .damaged(ResidencyLogDamage(segment: name.open, problem: "cannot be compressed: \(error)"))
        }
        let digest = SegmentDigest(
            segment: name.compressed, sha256: AuditDigest.sha256(of: compressed).hex,
            firstSeq: first.seq, lastSeq: last.seq, lastHash: last.hash.hex,
            records: lines.count, uncompressedBytes: plain.count)
        try LogFiles.writeAtomically(compressed, to: path(name.compressed), directory: directory)
        let digestBytes: [UInt8]
        do { digestBytes = try digest.encoded() } catch {
            throw .damaged(ResidencyLogDamage(segment: name.digest, problem: "cannot be encoded: \(error)"))
        }
        try LogFiles.writeAtomically(digestBytes, to: path(name.digest), directory: directory)
        try LogFiles.remove(plainPath)
        try LogFiles.syncDirectory(directory)
        return digest
    }

    private func path(_ file: String) -> String { directory + "/" + file }
}
