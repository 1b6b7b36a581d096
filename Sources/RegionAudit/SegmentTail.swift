/// The end of an open segment as found after a restart: its last complete line and any
/// bytes after it that a crash left half-written.
struct SegmentTail {
    /// The last newline-terminated line, without its newline; `nil` if there is none.
    let lastLine: [UInt8]?
    /// Length of the file up to and including the last newline.
    let completeLength: Int
    /// Bytes after the last newline: a record whose write was interrupted.
    let tornBytes: Int

    private static let chunkSize = 64 * 1024
    private static let newline = UInt8(ascii: "\n")

    /// Reads backwards from the end of `path` only as far as the last complete line.
    static func read(_ path: String) throws(ResidencyLogError) -> SegmentTail {
        let size = try LogFiles.size(of: path)
        var tail: [UInt8] = []
        var offset = size
        while true {
            let count = min(chunkSize, offset)
            offset -= count
            tail = try LogFiles.read(path, offset: offset, count: count) + tail
            guard let lastNewline = tail.lastIndex(of: newline) else {
                if offset == 0 { return SegmentTail(lastLine: nil, completeLength: 0, tornBytes: size) }
                continue
            }
            let completeLength = offset + lastNewline + 1
            if let start = tail[..<lastNewline].lastIndex(of: newline) {
                return SegmentTail(lastLine: Array(tail[(start + 1)..<lastNewline]), completeLength: completeLength, tornBytes: size - completeLength)
            }
            if offset == 0 {
                return SegmentTail(lastLine: Array(tail[..<lastNewline]), completeLength: completeLength, tornBytes: size - completeLength)
            }
        }
    }
}
