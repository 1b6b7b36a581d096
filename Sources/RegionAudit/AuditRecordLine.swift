import Foundation
import RegionCore

/// Reads one residency-log line (`AuditRecord.jsonLine`) back into a record.
///
/// Decoding is lenient about layout (whitespace, key order) but not about content; the
/// chain verifier then recomputes the canonical encoding, so any change of content shows
/// up as a hash mismatch.
enum AuditRecordLine {
    static func decode(_ line: some Collection<UInt8>) throws -> AuditRecord {
        let fields = try JSONDecoder().decode(Fields.self, from: Data(line))
        guard let time = AuditTimeFormat.parse(fields.time) else { throw LineError("time '\(fields.time)' is not RFC 3339") }
        let event = AuditEvent(
            kind: AuditEventKind(rawValue: fields.kind), table: fields.table, residencyClass: fields.class,
            from: fields.from.map { RegionName($0) }, to: fields.to.map { RegionName($0) }, rows: fields.rows,
            keysDigest: try digest(fields.keysDigest, "keys_digest"), bytes: fields.bytes, detail: fields.detail)
        let prev = try digest(fields.prev, "prev")
        let hash = try digest(fields.hash, "hash")
        return AuditRecord(seq: fields.seq, time: time, event: event, prev: prev, hash: hash)
    }

    private static func digest(_ hex: String, _ field: String) throws -> AuditDigest {
        guard let digest = AuditDigest(hex: hex) else { throw LineError("\(field) is not 64 lowercase hex digits") }
        return digest
    }

    private struct Fields: Decodable {
        var seq: UInt64
        var time: String
        var kind: String
        var table: String?
        var `class`: String?
        var from: String?
        var to: String?
        var rows: Int
        var keysDigest: String
        var bytes: Int
        var detail: String?
        var prev: String
        var hash: String

        enum CodingKeys: String, CodingKey {
            case seq, time, kind, table, `class`, from, to, rows, bytes, detail, prev, hash
            case keysDigest = "keys_digest"
        }
    }

    struct LineError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
