import Logging
import RegionCore

/// Where a store continues after a restart: repairs what a crash can leave behind, then
/// finds the last record from the tail of the open segment (or the last digest).
struct ChainResumption {
    let chain: AuditChain
    let openSegment: SegmentName
    let recordsInOpenSegment: Int

    static func resume(directory: String, logger: Logger) throws -> ChainResumption {
        try finishInterruptedWork(in: try SegmentDirectory.scan(directory), logger: logger)
        let scan = try SegmentDirectory.scan(directory)
        guard let last = scan.entries.last else {
            return ChainResumption(chain: AuditChain(), openSegment: SegmentName(index: 1), recordsInOpenSegment: 0)
        }
        let closedBefore = scan.entries.last { $0.isClosed && $0.name < last.name }
        if last.isClosed {
            return ChainResumption(
                chain: try chainAfter(digestOf: last.name, in: directory),
                openSegment: SegmentName(index: last.name.index + 1), recordsInOpenSegment: 0)
        }
        let path = directory + "/" + last.name.open
        let tail = try SegmentTail.read(path)
        if tail.tornBytes > 0 {
            logger.warning("residency log ended with an incomplete record (a write interrupted by a crash); removing it — it was never reported as written", metadata: [
                "segment": "\(last.name.open)", "torn_bytes": "\(tail.tornBytes)",
            ])
            try LogFiles.truncate(path, to: tail.completeLength)
        }
        let previous = try closedBefore.map { try chainAfter(digestOf: $0.name, in: directory) } ?? AuditChain()
        guard let lastLine = tail.lastLine else {
            return ChainResumption(chain: previous, openSegment: last.name, recordsInOpenSegment: 0)
        }
        let record: AuditRecord
        do {
            record = try AuditRecordLine.decode(lastLine)
        } catch {
            throw ResidencyLogError.unreadableTail(path: path, reason: "\(error)")
        }
        let recordsBefore = record.seq > previous.lastSeq ? Int(record.seq - previous.lastSeq) : 0
        return ChainResumption(chain: AuditChain(resumingAfter: record), openSegment: last.name, recordsInOpenSegment: recordsBefore)
    }

    /// Removes temporary files and completes segment closes a crash interrupted.
    private static func finishInterruptedWork(in scan: SegmentDirectory, logger: Logger) throws {
        for file in scan.temporaryFiles {
            logger.notice("removing a temporary residency log file left by an interrupted write", metadata: ["file": "\(file)"])
            try LogFiles.remove(scan.path + "/" + file)
        }
        let closer = SegmentCloser(directory: scan.path)
        for entry in scan.entries where entry.hasOpen {
            let isLast = entry.name == scan.entries.last?.name
            if entry.hasCompressed && entry.hasDigest {
                logger.notice("finishing an interrupted segment close: removing the plain copy", metadata: ["segment": "\(entry.name.open)"])
                try LogFiles.remove(scan.path + "/" + entry.name.open)
                try LogFiles.syncDirectory(scan.path)
            } else if entry.hasCompressed || !isLast {
                logger.notice("finishing an interrupted segment close: compressing again", metadata: ["segment": "\(entry.name.open)"])
                try closer.close(entry.name)
            }
        }
    }

    private static func chainAfter(digestOf name: SegmentName, in directory: String) throws -> AuditChain {
        let path = directory + "/" + name.digest
        guard LogFiles.exists(path),
              let digest = SegmentDigest.decode(try LogFiles.readAll(path)),
              let hash = AuditDigest(hex: digest.lastHash)
        else {
            throw ResidencyLogError.unreadableTail(path: path, reason: "the digest file of the last closed segment is missing or unreadable")
        }
        return AuditChain(resumingAfterSeq: digest.lastSeq, hash: hash)
    }
}
