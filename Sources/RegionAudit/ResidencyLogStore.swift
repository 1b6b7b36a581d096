import Foundation
import Logging
import RegionCore

/// A region's residency log on disk: appends records to the open segment, rotates and
/// compresses segments, and continues the hash chain across restarts.
///
/// Layout of the directory (one per region, kept in that region):
/// - `segment-0000000N.jsonl` — the open segment, one `AuditRecord.jsonLine` per line;
/// - `segment-0000000N.jsonl.gz` + `segment-0000000N.digest.json` — each closed segment,
///   gzip-compressed, with the SHA-256 of the compressed file, its first and last `seq`
///   and its last `hash` (see `SegmentDigest`).
///
/// **fsync policy.** By default (`.everyBatch`) each `append` call writes all its records
/// with one `write` and fsyncs once before returning; `.everyRecord` fsyncs after each
/// record. Either way, records `append` returned are on stable storage. A new segment's
/// creation, and each step of closing one, also fsyncs the directory.
///
/// **Crash recovery.** On open, a half-written last line (a crash during `write`) is cut
/// off with a warning — `append` never returned it, so no caller relied on it — and an
/// interrupted segment close is completed.
///
/// Not thread-safe: own it from one actor or task. An exclusive `flock` on
/// `.lock` keeps a second process from appending to the same directory.
public final class ResidencyLogStore {
    public let directory: String
    public let configuration: ResidencyLogConfiguration
    private let logger: Logger
    private let lock: DirectoryLock
    private var chain: AuditChain
    private var openSegment: SegmentName
    private var openFile: AppendOnlyFile?
    private var recordsInOpenSegment: Int

    /// The directory that holds `region`'s log under a root shared by several regions.
    public static func directory(for region: RegionName, under root: String) -> String {
        root + "/" + region.rawValue
    }

    /// Opens (creating if needed) the log in `directory` and resumes its chain.
    public init(directory: String, configuration: ResidencyLogConfiguration = .init(), logger: Logger) throws {
        self.directory = directory
        self.configuration = configuration
        self.logger = logger
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw ResidencyLogError.directoryUnavailable(path: directory, reason: error.localizedDescription)
        }
        lock = try DirectoryLock(directory: directory)
        let resumed = try ChainResumption.resume(directory: directory, logger: logger)
        chain = resumed.chain
        openSegment = resumed.openSegment
        recordsInOpenSegment = resumed.recordsInOpenSegment
        logger.info("residency log opened", metadata: [
            "directory": "\(directory)", "last_seq": "\(chain.lastSeq)", "segment": "\(openSegment.open)",
        ])
    }

    /// The sequence number of the last record written (0 for an empty log).
    public var lastSeq: UInt64 { chain.lastSeq }
    /// The hash of the last record written; an auditor can anchor the log with it.
    public var lastHash: AuditDigest { chain.lastHash }

    /// Appends one event and returns its record once it is durable.
    @discardableResult
    public func append(_ event: AuditEvent, at time: Timestamp) throws -> AuditRecord {
        try append([event], at: time)[0]
    }

    /// Appends `events` in order, all stamped `time`, and returns their records once they
    /// are durable (see the fsync policy above). If writing fails, the in-memory chain is
    /// resumed from what reached the disk (a partial line is trimmed).
    @discardableResult
    public func append(_ events: [AuditEvent], at time: Timestamp) throws -> [AuditRecord] {
        guard !events.isEmpty else { return [] }
        var next = chain
        let records = events.map { next.append($0, at: time) }
        let file = try currentFile()
        do {
            try write(records, to: file)
        } catch {
            try resumeAfterFailedWrite()
            throw error
        }
        chain = next
        recordsInOpenSegment += records.count
        if file.size >= configuration.maxSegmentBytes || recordsInOpenSegment >= configuration.maxSegmentRecords {
            try rotate()
        }
        return records
    }

    private func write(_ records: [AuditRecord], to file: AppendOnlyFile) throws {
        switch configuration.durability {
        case .everyBatch:
            try file.write(records.flatMap { Array($0.jsonLine.utf8) + [UInt8(ascii: "\n")] })
            try file.sync()
        case .everyRecord:
            for record in records {
                try file.write(Array(record.jsonLine.utf8) + [UInt8(ascii: "\n")])
                try file.sync()
            }
        }
    }

    /// A failed write may have left whole or partial lines; continue from what is on disk
    /// so the chain never repeats a sequence number.
    private func resumeAfterFailedWrite() throws {
        openFile = nil
        let resumed = try ChainResumption.resume(directory: directory, logger: logger)
        chain = resumed.chain
        openSegment = resumed.openSegment
        recordsInOpenSegment = resumed.recordsInOpenSegment
    }

    /// Closes the open segment now (compresses it and writes its digest), e.g. before
    /// handing the directory to an auditor. Does nothing if it holds no records.
    public func closeOpenSegment() throws {
        guard recordsInOpenSegment > 0 else { return }
        try rotate()
    }

    private func rotate() throws {
        openFile = nil
        let digest = try SegmentCloser(directory: directory).close(openSegment)
        logger.info("residency log segment closed", metadata: [
            "segment": "\(digest.segment)", "first_seq": "\(digest.firstSeq)", "last_seq": "\(digest.lastSeq)",
            "sha256": "\(digest.sha256)",
        ])
        openSegment = SegmentName(index: openSegment.index + 1)
        recordsInOpenSegment = 0
    }

    private func currentFile() throws -> AppendOnlyFile {
        if let openFile { return openFile }
        let path = directory + "/" + openSegment.open
        let isNew = !LogFiles.exists(path)
        let file = try AppendOnlyFile(path: path)
        if isNew { try LogFiles.syncDirectory(directory) }
        openFile = file
        return file
    }
}
