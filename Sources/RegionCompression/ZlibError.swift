/// Why zlib could not compress or decompress.
///
/// Each description says what the caller or operator can do about it.
public enum ZlibError: Error, Sendable, Equatable, CustomStringConvertible {
    /// zlib refused to set up a stream (almost always: out of memory).
    case initializationFailed(code: Int32)
    /// The input is not valid data of the expected format (wrong format, corrupt or
    /// tampered bytes, a bad checksum).
    case corruptInput(String)
    /// The input ended before the compressed stream did.
    case truncatedInput
    /// Bytes follow the end of the compressed stream.
    case trailingData(byteCount: Int)
    /// Decompressing would produce more than the caller allowed: a decompression bomb,
    /// or a limit set too low for legitimate data.
    case outputLimitExceeded(limit: Int)
    /// The stream was used after it finished.
    case streamFinished
    /// Any other zlib failure, with zlib's code and message.
    case failed(code: Int32, message: String)

    public var description: String {
        switch self {
        case .initializationFailed(let code):
            "zlib could not initialise a stream (code \(code)); the process is probably out of memory"
        case .corruptInput(let message):
            "compressed data is corrupt or not in the expected format (\(message)); re-fetch or restore it from a good copy"
        case .truncatedInput:
            "compressed data ends early; the file or message was cut off — re-fetch it or restore it from a good copy"
        case .trailingData(let count):
            "\(count) unexpected byte(s) follow the end of the compressed data; the input was concatenated or tampered with"
        case .outputLimitExceeded(let limit):
            "decompressed data would exceed the limit of \(limit) bytes; refuse the input, or raise the limit if it is legitimate"
        case .streamFinished:
            "the zlib stream has already finished; create a new stream for new data"
        case .failed(let code, let message):
            "zlib failed with code \(code): \(message)"
        }
    }
}
