#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file opened for appending, with explicit fsync — what Foundation's file APIs do not
/// expose with the guarantees the log needs. The descriptor is closed in `deinit`.
final class AppendOnlyFile {
    let path: String
    private let descriptor: Int32
    private(set) var size: Int

    init(path: String) throws(ResidencyLogError) {
        self.path = path
        // Owned by the object only once it is usable, so a failed init closes it exactly
        // once (see `DirectoryLock`).
        let opened = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard opened >= 0 else { throw .io(operation: "open for appending", path: path, errno: errno) }
        let end = lseek(opened, 0, SEEK_END)
        guard end >= 0 else {
            let code = errno
            close(opened)
            throw .io(operation: "seek to the end of", path: path, errno: code)
        }
        descriptor = opened
        size = Int(end)
    }

    deinit { close(descriptor) }

    /// Writes all of `bytes`, retrying short writes and interrupted calls.
    func write(_ bytes: [UInt8]) throws(ResidencyLogError) {
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { buffer in
                posixWrite(descriptor, buffer.baseAddress.map { $0 + written }, buffer.count - written)
            }
            if result < 0 {
                if errno == EINTR { continue }
                throw .io(operation: "append to", path: path, errno: errno)
            }
            written += result
        }
        size += bytes.count
    }

    /// Forces written bytes to stable storage.
    func sync() throws(ResidencyLogError) {
        guard fsync(descriptor) == 0 else { throw .io(operation: "fsync", path: path, errno: errno) }
    }
}

private func posixWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}
