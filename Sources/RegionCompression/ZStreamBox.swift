import CZlib

/// A heap-allocated `z_stream` plus an output scratch buffer.
///
/// zlib keeps a pointer back to its `z_stream` and rejects a stream that has moved, so the
/// struct must live at a fixed address for its whole life; a Swift value cannot promise that.
final class ZStreamBox {
    static let scratchSize = 64 * 1024

    let stream: UnsafeMutablePointer<z_stream>
    let scratch: UnsafeMutablePointer<UInt8>

    init() {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        scratch = .allocate(capacity: Self.scratchSize)
    }

    deinit {
        stream.deinitialize(count: 1)
        stream.deallocate()
        scratch.deallocate()
    }

    /// zlib's message for the last error, or the numeric code when it gave none.
    func message(for code: Int32) -> String {
        if let msg = stream.pointee.msg { return String(cString: msg) }
        return "zlib code \(code)"
    }

    /// Points zlib at `input`; zlib's `avail_in` is 32-bit, so callers feed at most
    /// `maxInputPerCall` bytes at a time.
    func setInput(_ input: UnsafeRawBufferPointer) {
        stream.pointee.next_in = input.baseAddress.map {
            UnsafeMutablePointer(mutating: $0.assumingMemoryBound(to: Bytef.self))
        }
        stream.pointee.avail_in = UInt32(input.count)
    }

    static let maxInputPerCall = Int(UInt32.max)
}

extension UnsafeRawBufferPointer {
    /// Splits a buffer into pieces zlib's 32-bit length fields can describe.
    func zlibSizedPieces() -> [UnsafeRawBufferPointer] {
        guard count > ZStreamBox.maxInputPerCall else { return [self] }
        return stride(from: 0, to: count, by: ZStreamBox.maxInputPerCall).map { start in
            UnsafeRawBufferPointer(rebasing: self[start..<Swift.min(start + ZStreamBox.maxInputPerCall, count)])
        }
    }
}
