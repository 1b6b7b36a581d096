/// Decodes `pgoutput` protocol version 1 messages from their bytes.
///
/// Pure and total: any byte sequence yields a message or a `PgOutputDecodingError`, never a
/// crash, so it can be fuzzed and fed whatever a damaged slot returns.
public enum PgOutputDecoder {
    public static func decode(_ bytes: [UInt8]) throws(PgOutputDecodingError) -> PgOutputMessage {
        guard let kind = bytes.first else { throw .empty }
        var reader = ByteReader(bytes: bytes, kind: kind, offset: 1)
        switch kind {
        case UInt8(ascii: "B"):
            return .begin(PgOutputBegin(finalLSN: try reader.uint64(), commitTime: try reader.int64(), xid: try reader.uint32()))
        case UInt8(ascii: "C"):
            _ = try reader.byte()
            return .commit(PgOutputCommit(commitLSN: try reader.uint64(), endLSN: try reader.uint64(), commitTime: try reader.int64()))
        case UInt8(ascii: "R"):
            let id = try reader.uint32()
            let namespace = try reader.string()
            let name = try reader.string()
            _ = try reader.byte()
            let count = try reader.uint16()
            var columns: [String] = []
            var types: [UInt32] = []
            for _ in 0..<count {
                _ = try reader.byte()
                columns.append(try reader.string())
                types.append(try reader.uint32())
                _ = try reader.uint32()
            }
            return .relation(PgOutputRelation(id: id, namespace: namespace, name: name, columns: columns, columnTypes: types))
        case UInt8(ascii: "I"):
            let relation = try reader.uint32()
            try reader.expectMarker(["N"])
            return .insert(relation: relation, new: try reader.tuple())
        case UInt8(ascii: "U"):
            let relation = try reader.uint32()
            var old: [PgOutputValue]?
            if try reader.expectMarker(["K", "O", "N"]) != UInt8(ascii: "N") {
                old = try reader.tuple()
                try reader.expectMarker(["N"])
            }
            return .update(relation: relation, old: old, new: try reader.tuple())
        case UInt8(ascii: "D"):
            let relation = try reader.uint32()
            try reader.expectMarker(["K", "O"])
            return .delete(relation: relation, old: try reader.tuple())
        case UInt8(ascii: "T"):
            let count = try reader.uint32()
            _ = try reader.byte()
            var relations: [UInt32] = []
            for _ in 0..<count { relations.append(try reader.uint32()) }
            return .truncate(relations: relations)
        case UInt8(ascii: "O"):
            return .origin(commitLSN: try reader.uint64(), name: try reader.string())
        case UInt8(ascii: "Y"):
            return .type(id: try reader.uint32(), namespace: try reader.string(), name: try reader.string())
        case UInt8(ascii: "M"):
            let flags = try reader.byte()
            let lsn = try reader.uint64()
            let prefix = try reader.string()
            let length = try reader.uint32()
            return .message(transactional: flags & 1 == 1, lsn: lsn, prefix: prefix, content: try reader.bytes(Int(length)))
        default:
            throw .unknownMessage(kind: kind)
        }
    }
}

/// A bounds-checked cursor over one message, big-endian as the protocol is.
private struct ByteReader {
    let bytes: [UInt8]
    let kind: UInt8
    var offset: Int

    mutating func bytes(_ count: Int) throws(PgOutputDecodingError) -> [UInt8] {
        guard count >= 0, bytes.count - offset >= count else {
            throw .truncated(kind: kind, needed: count - (bytes.count - offset), offset: offset)
        }
        defer { offset += count }
        return Array(bytes[offset..<offset + count])
    }

    mutating func byte() throws(PgOutputDecodingError) -> UInt8 { try bytes(1)[0] }

    mutating func uint16() throws(PgOutputDecodingError) -> UInt16 { UInt16(truncatingIfNeeded: try integer(2)) }
    mutating func uint32() throws(PgOutputDecodingError) -> UInt32 { UInt32(truncatingIfNeeded: try integer(4)) }
    mutating func uint64() throws(PgOutputDecodingError) -> UInt64 { try integer(8) }
    mutating func int64() throws(PgOutputDecodingError) -> Int64 { Int64(bitPattern: try integer(8)) }

    private mutating func integer(_ width: Int) throws(PgOutputDecodingError) -> UInt64 {
        try bytes(width).reduce(0) { $0 << 8 | UInt64($1) }
    }

    mutating func string() throws(PgOutputDecodingError) -> String {
        let start = offset
        guard let end = bytes[offset...].firstIndex(of: 0) else { throw .malformedString(offset: start) }
        guard let text = Self.utf8(bytes[start..<end]) else { throw .malformedString(offset: start) }
        offset = end + 1
        return text
    }

    /// Reads a one-byte tuple marker that must be one of `allowed`.
    @discardableResult
    mutating func expectMarker(_ allowed: [Unicode.Scalar]) throws(PgOutputDecodingError) -> UInt8 {
        let at = offset
        let marker = try byte()
        guard allowed.contains(where: { UInt8(ascii: $0) == marker }) else { throw .unexpectedTupleMarker(marker, offset: at) }
        return marker
    }

    /// The text of `bytes` if they are valid UTF-8 (without the macOS 15 `String(validating:)`).
    static func utf8(_ bytes: some Collection<UInt8>) -> String? {
        let invalid = transcode(bytes.makeIterator(), from: UTF8.self, to: UTF32.self, stoppingOnError: true) { _ in }
        return invalid ? nil : String(decoding: bytes, as: UTF8.self)
    }

    mutating func tuple() throws(PgOutputDecodingError) -> [PgOutputValue] {
        let count = try uint16()
        var values: [PgOutputValue] = []
        for _ in 0..<count {
            let at = offset
            switch try byte() {
            case UInt8(ascii: "n"): values.append(.null)
            case UInt8(ascii: "u"): values.append(.unchangedToast)
            case UInt8(ascii: "t"):
                let length = try uint32()
                let data = try bytes(Int(length))
                guard let text = Self.utf8(data) else { throw .malformedString(offset: at) }
                values.append(.text(text))
            case let other: throw .unknownColumnKind(other, offset: at)
            }
        }
        return values
    }
}
