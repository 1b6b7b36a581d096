/// Why a peer message body could not be decoded; each case maps to the HTTP status the
/// agent answers with and to a metric label.
public enum PeerWireError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The body as received, or as declared once decoded, exceeds the limit.
    case bodyTooLarge(bytes: Int, limit: Int)
    /// A compressed body without `X-Regiond-Uncompressed-Length`, or with a malformed one.
    case missingUncompressedLength
    /// The body decompressed to more than it declared: a decompression bomb, or a faulty sender.
    case decompressionBomb(declared: Int)
    /// The body decoded to a different length than declared.
    case lengthMismatch(declared: Int, actual: Int)
    case unsupportedEncoding(String)
    /// The compressed bytes are corrupt or truncated.
    case corruptCompression(String)
    /// The JSON is invalid or does not describe the expected message.
    case malformedJSON(message: String, detail: String)
    /// The message could not be turned into JSON (a bug in the sender).
    case unencodable(message: String, detail: String)

    public var httpStatus: Int {
        switch self {
        case .bodyTooLarge, .decompressionBomb: 413
        case .unsupportedEncoding: 415
        case .missingUncompressedLength, .lengthMismatch, .corruptCompression, .malformedJSON: 400
        case .unencodable: 500
        }
    }

    public var metricLabel: String {
        switch self {
        case .bodyTooLarge: "body_too_large"
        case .missingUncompressedLength: "missing_uncompressed_length"
        case .decompressionBomb: "decompression_bomb"
        case .lengthMismatch: "length_mismatch"
        case .unsupportedEncoding: "unsupported_encoding"
        case .corruptCompression: "corrupt_compression"
        case .malformedJSON: "malformed_json"
        case .unencodable: "unencodable"
        }
    }

    public var description: String {
        switch self {
        case .bodyTooLarge(let bytes, let limit):
            "message body of \(bytes) bytes exceeds the limit of \(limit) bytes; send smaller batches or raise security.max_body_bytes on the receiver"
        case .missingUncompressedLength:
            "compressed message has no valid X-Regiond-Uncompressed-Length header; the sender must declare the decoded size"
        case .decompressionBomb(let declared):
            "compressed message inflates beyond its declared \(declared) bytes; refused as a possible decompression bomb"
        case .lengthMismatch(let declared, let actual):
            "message decoded to \(actual) bytes but declared \(declared); the body was truncated or altered"
        case .unsupportedEncoding(let encoding):
            "Content-Encoding '\(encoding)' is not supported; peers send 'identity' or 'deflate'"
        case .corruptCompression(let detail):
            "compressed message is corrupt: \(detail)"
        case .malformedJSON(let message, let detail):
            "body is not a valid \(message) message: \(detail); check that both agents run adjacent regiond releases"
        case .unencodable(let message, let detail):
            "could not encode \(message) as JSON: \(detail)"
        }
    }
}
