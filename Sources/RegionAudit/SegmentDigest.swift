import Foundation
import RegionCore

/// The digest file written next to a closed, compressed segment.
///
/// It lets an auditor check a segment file without decompressing it (`sha256sum`) and
/// ties the segment into the chain: `first_seq`/`last_seq` say which records it must hold
/// and `last_hash` is where the next segment's first `prev` must point.
///
/// On disk: `{"segment":"segment-00000001.jsonl.gz","sha256":"…","first_seq":1,
/// "last_seq":1000,"last_hash":"…","records":1000,"uncompressed_bytes":123456}`.
struct SegmentDigest: Codable, Hashable, Sendable {
    var segment: String
    var sha256: String
    var firstSeq: UInt64
    var lastSeq: UInt64
    var lastHash: String
    var records: Int
    var uncompressedBytes: Int

    enum CodingKeys: String, CodingKey {
        case segment, sha256, records
        case firstSeq = "first_seq"
        case lastSeq = "last_seq"
        case lastHash = "last_hash"
        case uncompressedBytes = "uncompressed_bytes"
    }

    func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Array(try encoder.encode(self)) + [UInt8(ascii: "\n")]
    }

    static func decode(_ bytes: [UInt8]) -> SegmentDigest? {
        try? JSONDecoder().decode(SegmentDigest.self, from: Data(bytes))
    }
}
