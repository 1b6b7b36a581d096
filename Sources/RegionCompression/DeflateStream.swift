import CZlib

/// Compresses data that arrives in pieces, such as a batch being assembled row by row.
///
/// Feed chunks with `compress(_:)`, then call `finish()` once to flush the remaining
/// output and the format's trailer. zlib's state is released (`deflateEnd`) when the stream
/// is deinitialised, whether or not it was finished.
public final class DeflateStream {
    private let box = ZStreamBox()
    private var isFinished = false

    public init(level: CompressionLevel = .default, format: ZlibFormat = .zlib) throws(ZlibError) {
        let code = regiond_deflateInit2(box.stream, level.value, format.windowBits)
        guard code == Z_OK else { throw .initializationFailed(code: code) }
    }

    deinit { deflateEnd(box.stream) }

    /// Compresses `chunk` and returns the output that is ready so far (possibly empty:
    /// deflate buffers input until it has enough to emit a block).
    public func compress(_ chunk: [UInt8]) throws(ZlibError) -> [UInt8] {
        let result = chunk.withUnsafeBytes { bytes in
            Result { () throws(ZlibError) in try deflate(bytes, flush: Z_NO_FLUSH) }
        }
        return try result.get()
    }

    /// Emits all buffered output and the trailer. The stream cannot be used afterwards.
    public func finish() throws(ZlibError) -> [UInt8] {
        let output = try deflate(UnsafeRawBufferPointer(start: nil, count: 0), flush: Z_FINISH)
        isFinished = true
        return output
    }

    private func deflate(_ input: UnsafeRawBufferPointer, flush: Int32) throws(ZlibError) -> [UInt8] {
        guard !isFinished else { throw .streamFinished }
        var output: [UInt8] = []
        for piece in input.zlibSizedPieces() {
            box.setInput(piece)
            try drain(into: &output, flush: flush)
        }
        return output
    }

    /// Runs deflate until zlib has consumed the input and, when finishing, written the end
    /// of the stream; zlib signals "more output pending" by filling the output buffer.
    private func drain(into output: inout [UInt8], flush: Int32) throws(ZlibError) {
        let stream = box.stream
        while true {
            stream.pointee.next_out = box.scratch
            stream.pointee.avail_out = UInt32(ZStreamBox.scratchSize)
            let code = CZlib.deflate(stream, flush)
            let produced = ZStreamBox.scratchSize - Int(stream.pointee.avail_out)
            output.append(contentsOf: UnsafeBufferPointer(start: box.scratch, count: produced))
            switch code {
            case Z_STREAM_END:
                return
            case Z_OK, Z_BUF_ERROR:
                let outputFull = stream.pointee.avail_out == 0
                if !outputFull && flush != Z_FINISH { return }
                if !outputFull && code == Z_BUF_ERROR { throw .failed(code: code, message: box.message(for: code)) }
            default:
                throw .failed(code: code, message: box.message(for: code))
            }
        }
    }
}
