import RegionCore

/// The outcome of verifying a residency log end to end.
public enum ResidencyLogVerification: Sendable {
    case intact(IntactLog)
    case broken(ResidencyLogDamage, verifiedRecords: Int)

    /// What an intact log contains; `lastHash` lets an auditor anchor it for next time.
    public struct IntactLog: Sendable, Hashable {
        public let records: Int
        public let segments: Int
        public let lastSeq: UInt64
        public let lastHash: AuditDigest
        /// Observations that do not break the chain (e.g. a torn last line after a crash).
        public let notes: [String]
    }
}

/// Verifies a residency log directory offline: every segment present and numbered without
/// gaps, every closed segment matching its digest file, and the hash chain unbroken from
/// the genesis record to the last one. Stops at the first damage and names it.
///
/// Removing whole segments from the end of a log cannot be detected from the log alone;
/// compare `lastSeq`/`lastHash` with an earlier verification or an exported anchor.
public struct ResidencyLogVerifier: Sendable {
    public let reader: ResidencyLogReader

    public init(directory: String, maxSegmentBytes: Int = 1 << 30) {
        reader = ResidencyLogReader(directory: directory, maxSegmentBytes: maxSegmentBytes)
    }

    /// Throws only when the directory cannot be read; damage is a `.broken` result.
    public func verify() throws -> ResidencyLogVerification {
        var chain = AuditChainVerifier()
        var state = Progress()
        do {
            try reader.forEachSegment { segment in try check(segment, chain: &chain, progress: &state) }
        } catch ResidencyLogError.damaged(let damage) {
            return .broken(damage, verifiedRecords: chain.verifiedCount)
        }
        return .intact(.init(
            records: chain.verifiedCount, segments: state.segments, lastSeq: chain.expectedSeq - 1,
            lastHash: chain.lastHash, notes: state.notes))
    }

    private struct Progress {
        var segments = 0
        var lastIndex = 0
        var notes: [String] = []
    }

    private func check(_ segment: ResidencyLogSegment, chain: inout AuditChainVerifier, progress: inout Progress) throws {
        if segment.index != progress.lastIndex + 1 {
            let missing = (progress.lastIndex + 1..<segment.index).map { SegmentName(index: $0).compressed }
            throw damage(segment, seq: segment.entries.first?.record.seq,
                         "segment(s) \(missing.joined(separator: ", ")) missing before this one (from record \(chain.expectedSeq))")
        }
        progress.lastIndex = segment.index
        progress.segments += 1
        let records = segment.entries.map(\.record)
        for (offset, entry) in segment.entries.enumerated() {
            do {
                try chain.accept(entry.record, upcoming: records[(offset + 1)...])
            } catch {
                throw ResidencyLogError.damaged(ResidencyLogDamage(
                    segment: segment.file, line: entry.line, seq: entry.record.seq, problem: error.description, chainBreak: error))
            }
        }
        if let digest = segment.digest { try checkDigest(digest, of: segment) }
        if segment.tornTailBytes > 0 {
            progress.notes.append("\(segment.file) ends with \(segment.tornTailBytes) bytes of an incomplete record (a write interrupted by a crash; the writer removes it when it restarts)")
        }
    }

    private func checkDigest(_ digest: SegmentDigest, of segment: ResidencyLogSegment) throws {
        guard digest.segment == segment.file else {
            throw damage(segment, "its digest file names \(digest.segment) instead")
        }
        guard segment.compressedSHA256?.hex == digest.sha256 else {
            throw damage(segment, "does not match the SHA-256 in its digest file: the segment file was modified or replaced")
        }
        let first = segment.entries.first?.record
        let last = segment.entries.last?.record
        guard first?.seq == digest.firstSeq, last?.seq == digest.lastSeq, last?.hash.hex == digest.lastHash,
              segment.entries.count == digest.records
        else {
            throw damage(segment, "holds records \(first?.seq ?? 0)–\(last?.seq ?? 0) but its digest file says \(digest.firstSeq)–\(digest.lastSeq) (\(digest.records) records): the digest file or the segment was altered")
        }
    }

    private func damage(_ segment: ResidencyLogSegment, seq: UInt64? = nil, _ problem: String) -> ResidencyLogError {
        .damaged(ResidencyLogDamage(segment: segment.file, seq: seq, problem: problem))
    }
}
