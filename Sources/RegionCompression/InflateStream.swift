import CZlib

/// Decompresses data that arrives in pieces, refusing to produce more than `maxOutput`
/// bytes in total.
///
/// The limit is what makes it safe to decompress input from a peer or a file an attacker
/// could have replaced: a few kilobytes of deflate can expand to gigabytes. zlib's state is
/// released (`inflateEnd`) when the stream is deinitialised.
public final class InflateStream {
    private let box = ZStreamBox()
    private let maxOutput: Int

    /// Whether the end of the compressed stream (and its checksum) has been read.
    public private(set) var isFinished = false
    /// Bytes produced so far.
    public private(set) var totalOutput = 0

    public init(format: ZlibDecompressionFormat = .zlib, maxOutput: Int) throws(ZlibError) {
        self.maxOutput = max(0, maxOutput)
        let code = regiond_inflateInit2(box.stream, format.windowBits)
        guard code == Z_OK else { throw .initializationFailed(code: code) }
    }

    deinit { inflateEnd(box.stream) }

    /// Decompresses `chunk` and returns the output it completes. Bytes after the end of the
    /// compressed stream are an error, so concatenated or padded input is noticed.
    public func decompress(_ chunk: [UInt8]) throws(ZlibError) -> [UInt8] {
        let result = chunk.withUnsafeBytes { bytes in
            Result { () throws(ZlibError) in try inflate(bytes) }
        }
        return try result.get()
    }

    /// Confirms that the whole compressed stream was read; call it after the last chunk.
    public func finish() throws(ZlibError) {
        guard isFinished else { throw .truncatedInput }
    }

    private func inflate(_ input: UnsafeRawBufferPointer) throws(ZlibError) -> [UInt8] {
        if isFinished {
            guard input.isEmpty else { throw .trailingData(byteCount: input.count) }
            return []
        }
        var output: [UInt8] = []
        for piece in input.zlibSizedPieces() {
            if isFinished { throw .trailingData(byteCount: piece.count) }
            box.setInput(piece)
            try drain(into: &output)
        }
        return output
    }

    private func drain(into output: inout [UInt8]) throws(ZlibError) {
        let stream = box.stream
        while true {
            // One byte beyond the allowance is enough to tell "exactly at the limit" from "over it".
            let remaining = maxOutput - totalOutput
            let allowance = remaining >= ZStreamBox.scratchSize ? ZStreamBox.scratchSize : remaining + 1
            stream.pointee.next_out = box.scratch
            stream.pointee.avail_out = UInt32(allowance)
            let code = CZlib.inflate(stream, Z_NO_FLUSH)
            let produced = allowance - Int(stream.pointee.avail_out)
            totalOutput += produced
            guard totalOutput <= maxOutput else { throw .outputLimitExceeded(limit: maxOutput) }
            output.append(contentsOf: UnsafeBufferPointer(start: box.scratch, count: produced))
            switch code {
            case Z_STREAM_END:
                isFinished = true
                let leftover = Int(stream.pointee.avail_in)
                if leftover > 0 { throw .trailingData(byteCount: leftover) }
                return
            case Z_OK, Z_BUF_ERROR:
                let needsInput = stream.pointee.avail_in == 0
                if needsInput && (stream.pointee.avail_out > 0 || code == Z_BUF_ERROR) { return }
                if code == Z_BUF_ERROR { throw .failed(code: code, message: box.message(for: code)) }
            case Z_NEED_DICT:
                throw .corruptInput("the data needs a preset dictionary, which regiond never uses")
            case Z_DATA_ERROR:
                throw .corruptInput(box.message(for: code))
            default:
                throw .failed(code: code, message: box.message(for: code))
            }
        }
    }
}
