import RegionCompression
import RegionCore

/// Reads a residency log directory segment by segment, in chain order, for verification
/// and queries. Reads closed (gzip) and open segments alike and never writes.
public struct ResidencyLogReader: Sendable {
    public let directory: String
    /// Upper bound on one segment's decompressed size, so a replaced `.gz` file cannot
    /// exhaust memory (a decompression bomb).
    public let maxSegmentBytes: Int

    public init(directory: String, maxSegmentBytes: Int = 1 << 30) {
        self.directory = directory
        self.maxSegmentBytes = maxSegmentBytes
    }

    /// Calls `body` with each segment in order. Throws `ResidencyLogError.damaged` when a
    /// segment cannot be read at all (missing digest, corrupt gzip, a line that is not a
    /// record); chain checks are `ResidencyLogVerifier`'s job.
    public func forEachSegment(_ body: (ResidencyLogSegment) throws -> Void) throws {
        let scan = try SegmentDirectory.scan(directory)
        for entry in scan.entries {
            try body(try load(entry, isLast: entry.name == scan.entries.last?.name))
        }
    }

    /// All records in chain order (for queries; a torn tail of the open segment is skipped).
    public func records() throws -> [AuditRecord] {
        var records: [AuditRecord] = []
        try forEachSegment { segment in records += segment.entries.map(\.record) }
        return records
    }

    private func load(_ entry: SegmentDirectory.Entry, isLast: Bool) throws -> ResidencyLogSegment {
        if entry.isClosed { return try loadClosed(entry.name) }
        let bytes = try LogFiles.readAll(path(entry.name.open))
        let (entries, torn) = try parse(bytes, file: entry.name.open, tornTailAllowed: isLast)
        return ResidencyLogSegment(
            file: entry.name.open, index: entry.name.index, isClosed: false, entries: entries,
            tornTailBytes: torn, digest: nil, compressedSHA256: nil)
    }

    private func loadClosed(_ name: SegmentName) throws -> ResidencyLogSegment {
        guard LogFiles.exists(path(name.digest)) else {
            throw damage(name.compressed, "its digest file \(name.digest) is missing")
        }
        guard let digest = SegmentDigest.decode(try LogFiles.readAll(path(name.digest))) else {
            throw damage(name.digest, "is not a valid digest file")
        }
        let compressed = try LogFiles.readAll(path(name.compressed))
        let plain: [UInt8]
        do {
            plain = try Zlib.decompress(compressed, format: .gzip, maxOutput: maxSegmentBytes)
        } catch {
            throw damage(name.compressed, "cannot be decompressed: \(error)")
        }
        let (entries, _) = try parse(plain, file: name.compressed, tornTailAllowed: false)
        return ResidencyLogSegment(
            file: name.compressed, index: name.index, isClosed: true, entries: entries, tornTailBytes: 0,
            digest: digest, compressedSHA256: .sha256(of: compressed))
    }

    private func parse(_ bytes: [UInt8], file: String, tornTailAllowed: Bool) throws -> ([ResidencyLogSegment.Entry], Int) {
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        let tail = lines.removeLast()
        if !tail.isEmpty && !tornTailAllowed {
            throw damage(file, line: lines.count + 1, "ends in the middle of a record: the file was truncated")
        }
        var entries: [ResidencyLogSegment.Entry] = []
        entries.reserveCapacity(lines.count)
        for (offset, line) in lines.enumerated() {
            do {
                entries.append(.init(record: try AuditRecordLine.decode(line), line: offset + 1))
            } catch {
                throw damage(file, line: offset + 1, "is not a valid record (\(error)): edited or truncated")
            }
        }
        return (entries, tail.count)
    }

    private func path(_ file: String) -> String { directory + "/" + file }

    private func damage(_ file: String, line: Int? = nil, _ problem: String) -> ResidencyLogError {
        .damaged(ResidencyLogDamage(segment: file, line: line, problem: problem))
    }
}
