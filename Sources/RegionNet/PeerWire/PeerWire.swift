import Foundation
import RegionCompression
import RegionCore

/// Turns peer messages into HTTP bodies and back: JSON with sorted keys (the same message
/// always gives the same bytes, so signatures and digests are reproducible), compressed with
/// zlib when asked or when large.
///
/// Decoding is defensive: the body's size is checked against `maxBodyBytes` before anything
/// else, a compressed body must declare its decoded size, a declared size over the limit is
/// refused before inflating, and inflating stops as soon as it passes the declared size.
public struct PeerWire: Sendable {
    /// The most bytes a body may have on the wire, and once decoded.
    public var maxBodyBytes: Int
    /// JSON longer than this is compressed even when the message does not ask for it.
    public var compressionThreshold: Int
    public var compressionLevel: CompressionLevel

    public init(maxBodyBytes: Int, compressionThreshold: Int = 64 << 10, compressionLevel: CompressionLevel = .default) {
        self.maxBodyBytes = maxBodyBytes
        self.compressionThreshold = compressionThreshold
        self.compressionLevel = compressionLevel
    }

    /// A codec using `security.maxBodyBytes` from the configuration.
    public init(security: SecuritySettings) {
        self.init(maxBodyBytes: security.maxBodyBytes)
    }

    // MARK: Encoding

    /// Encodes `message`, compressed when `compress` is set or the JSON exceeds the threshold.
    public func encode(_ message: some Encodable, compress: Bool = false) throws(PeerWireError) -> PeerWireBody {
        let json = try Self.json(message)
        guard compress || json.count > compressionThreshold else {
            return PeerWireBody(bytes: json, encoding: .identity, uncompressedLength: json.count)
        }
        do {
            let compressed = try Zlib.compress(json, level: compressionLevel, format: .zlib)
            return PeerWireBody(bytes: compressed, encoding: .deflate, uncompressedLength: json.count)
        } catch {
            throw .unencodable(message: String(describing: type(of: message)), detail: error.description)
        }
    }

    /// Encodes a batch, compressed when its tier asks for it.
    public func encode(_ request: ReplicateRequest) throws(PeerWireError) -> PeerWireBody {
        try encode(request, compress: request.batch.compress)
    }

    // MARK: Decoding

    /// Decodes a body received with the headers `header(named:)` returns.
    public func decode<Message: Decodable>(
        _ type: Message.Type, from bytes: [UInt8], header: (String) -> String?
    ) throws(PeerWireError) -> Message {
        let encoding = try PeerWireEncoding(headerValue: header(PeerHeader.contentEncoding))
        let declared = header(PeerHeader.uncompressedLength)
        return try decode(type, from: bytes, encoding: encoding, uncompressedLength: declared.flatMap { Int($0) }, declaredHeaderPresent: declared != nil)
    }

    /// Decodes a body produced by `encode`.
    public func decode<Message: Decodable>(_ type: Message.Type, from body: PeerWireBody) throws(PeerWireError) -> Message {
        try decode(type, from: body.bytes, encoding: body.encoding, uncompressedLength: body.uncompressedLength, declaredHeaderPresent: true)
    }

    private func decode<Message: Decodable>(
        _ type: Message.Type, from bytes: [UInt8], encoding: PeerWireEncoding, uncompressedLength: Int?,
        declaredHeaderPresent: Bool
    ) throws(PeerWireError) -> Message {
        guard bytes.count <= maxBodyBytes else { throw .bodyTooLarge(bytes: bytes.count, limit: maxBodyBytes) }
        let json: [UInt8]
        switch encoding {
        case .identity:
            json = bytes
        case .deflate:
            guard let declared = uncompressedLength, declared >= 0 else { throw .missingUncompressedLength }
            json = try inflate(bytes, declared: declared)
        }
        if declaredHeaderPresent {
            guard let declared = uncompressedLength else { throw .missingUncompressedLength }
            guard declared == json.count else { throw .lengthMismatch(declared: declared, actual: json.count) }
        }
        return try Self.message(type, from: json)
    }

    private func inflate(_ bytes: [UInt8], declared: Int) throws(PeerWireError) -> [UInt8] {
        guard declared <= maxBodyBytes else { throw .bodyTooLarge(bytes: declared, limit: maxBodyBytes) }
        do {
            return try Zlib.decompress(bytes, format: .zlib, maxOutput: declared)
        } catch .outputLimitExceeded {
            throw .decompressionBomb(declared: declared)
        } catch {
            throw .corruptCompression(error.description)
        }
    }

    // MARK: JSON

    private static func json(_ message: some Encodable) throws(PeerWireError) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return Array(try encoder.encode(message))
        } catch {
            throw .unencodable(message: String(describing: type(of: message)), detail: String(describing: error))
        }
    }

    private static func message<Message: Decodable>(_ type: Message.Type, from json: [UInt8]) throws(PeerWireError) -> Message {
        do {
            return try JSONDecoder().decode(type, from: Data(json))
        } catch let error as DecodingError {
            throw .malformedJSON(message: String(describing: type), detail: explain(error))
        } catch {
            throw .malformedJSON(message: String(describing: type), detail: String(describing: error))
        }
    }

    /// A one-line account of a decoding failure naming the field path, for operators.
    private static func explain(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let components = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return components.isEmpty ? "the top level" : components.joined(separator: ".")
        }
        switch error {
        case .dataCorrupted(let context):
            return "\(context.debugDescription) at \(path(context))"
        case .keyNotFound(let key, let context):
            return "missing field '\(key.stringValue)' at \(path(context))"
        case .typeMismatch(let expected, let context):
            return "expected \(expected) at \(path(context))"
        case .valueNotFound(let expected, let context):
            return "null where \(expected) is required at \(path(context))"
        @unknown default:
            return String(describing: error)
        }
    }
}
