/// Why a `pgoutput` message could not be decoded. The slot is not advanced past a message
/// that failed, so nothing is lost; the message says where to look.
public enum PgOutputDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The message ended before a field it announced.
    case truncated(kind: UInt8, needed: Int, offset: Int)
    /// A message kind this decoder does not know (a newer protocol version or plugin).
    case unknownMessage(kind: UInt8)
    /// A tuple column kind other than `n`, `u` or `t` (`b` means the slot was read with the
    /// `binary` option, which regiond never sets).
    case unknownColumnKind(UInt8, offset: Int)
    /// An update or delete whose tuple marker was neither `K`, `O` nor `N`.
    case unexpectedTupleMarker(UInt8, offset: Int)
    /// A string that is not NUL-terminated or not UTF-8.
    case malformedString(offset: Int)
    case empty

    public var description: String {
        let advice = "; the replication slot was not advanced. Check that slot 'regiond_capture' uses plugin pgoutput protocol 1 (re-run 'regiond install --capture logical')"
        switch self {
        case let .truncated(kind, needed, offset):
            return "pgoutput message '\(Self.character(kind))' ends early: \(needed) more bytes needed at offset \(offset)" + advice
        case let .unknownMessage(kind):
            return "unknown pgoutput message kind '\(Self.character(kind))'" + advice
        case let .unknownColumnKind(kind, offset):
            return "unknown pgoutput column kind '\(Self.character(kind))' at offset \(offset)" + advice
        case let .unexpectedTupleMarker(marker, offset):
            return "unexpected pgoutput tuple marker '\(Self.character(marker))' at offset \(offset)" + advice
        case let .malformedString(offset):
            return "pgoutput string at offset \(offset) is not NUL-terminated UTF-8" + advice
        case .empty:
            return "empty pgoutput message" + advice
        }
    }

    private static func character(_ byte: UInt8) -> String {
        (0x20..<0x7F).contains(byte) ? String(UnicodeScalar(byte)) : "0x" + String(byte, radix: 16)
    }
}
