import Foundation

/// One-shot compression and decompression of whole buffers.
///
/// For data that arrives in pieces use `DeflateStream` and `InflateStream`, which these
/// functions are built on.
public enum Zlib {
    /// Compresses `input` completely.
    public static func compress(
        _ input: [UInt8], level: CompressionLevel = .default, format: ZlibFormat = .zlib
    ) throws(ZlibError) -> [UInt8] {
        let stream = try DeflateStream(level: level, format: format)
        var output = try stream.compress(input)
        output += try stream.finish()
        return output
    }

    /// Decompresses `input`, which must hold exactly one complete compressed stream.
    ///
    /// - Parameter maxOutput: the most bytes the caller accepts; larger output throws
    ///   `ZlibError.outputLimitExceeded` before it is produced in full (a decompression-bomb guard).
    public static func decompress(
        _ input: [UInt8], format: ZlibDecompressionFormat = .zlib, maxOutput: Int
    ) throws(ZlibError) -> [UInt8] {
        let stream = try InflateStream(format: format, maxOutput: maxOutput)
        let output = try stream.decompress(input)
        try stream.finish()
        return output
    }

    /// `compress(_:level:format:)` for `Data`.
    public static func compress(
        _ input: Data, level: CompressionLevel = .default, format: ZlibFormat = .zlib
    ) throws(ZlibError) -> Data {
        Data(try compress([UInt8](input), level: level, format: format))
    }

    /// `decompress(_:format:maxOutput:)` for `Data`.
    public static func decompress(
        _ input: Data, format: ZlibDecompressionFormat = .zlib, maxOutput: Int
    ) throws(ZlibError) -> Data {
        Data(try decompress([UInt8](input), format: format, maxOutput: maxOutput))
    }
}
