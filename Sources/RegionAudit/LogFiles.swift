#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file operations of the log with the durability it needs: positional reads,
/// durable truncation, atomic replacement and directory fsync. Every descriptor opened
/// here is closed before the function returns.
enum LogFiles {
    static func size(of path: String) throws(ResidencyLogError) -> Int {
        var info = stat()
        guard stat(path, &info) == 0 else { throw .io(operation: "stat", path: path, errno: errno) }
        return Int(info.st_size)
    }

    static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    /// Reads `count` bytes at `offset`.
    static func read(_ path: String, offset: Int, count: Int) throws(ResidencyLogError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .io(operation: "open", path: path, errno: errno) }
        defer { close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let result = bytes.withUnsafeMutableBytes { buffer in
                pread(descriptor, buffer.baseAddress.map { $0 + done }, count - done, off_t(offset + done))
            }
            if result < 0 {
                if errno == EINTR { continue }
                throw .io(operation: "read", path: path, errno: errno)
            }
            if result == 0 { break }
            done += result
        }
        return Array(bytes[..<done])
    }

    static func readAll(_ path: String) throws(ResidencyLogError) -> [UInt8] {
        try read(path, offset: 0, count: try size(of: path))
    }

    /// Cuts `path` to `length` bytes and makes the cut durable.
    static func truncate(_ path: String, to length: Int) throws(ResidencyLogError) {
        let descriptor = open(path, O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .io(operation: "open", path: path, errno: errno) }
        defer { close(descriptor) }
        guard ftruncate(descriptor, off_t(length)) == 0 else { throw .io(operation: "truncate", path: path, errno: errno) }
        guard fsync(descriptor) == 0 else { throw .io(operation: "fsync", path: path, errno: errno) }
    }

    /// Replaces `path` with `bytes` so that a crash leaves either the old file or the
    /// complete new one: write a temporary file, fsync it, rename it, fsync the directory.
    static func writeAtomically(_ bytes: [UInt8], to path: String, directory: String) throws(ResidencyLogError) {
        let temporary = path + ".tmp"
        do {
            let file = try AppendOnlyFile(path: temporary)
            if file.size > 0 { try truncate(temporary, to: 0) }
            try file.write(bytes)
            try file.sync()
        }
        guard rename(temporary, path) == 0 else { throw .io(operation: "rename \(temporary) to", path: path, errno: errno) }
        try syncDirectory(directory)
    }

    static func remove(_ path: String) throws(ResidencyLogError) {
        guard unlink(path) == 0 || errno == ENOENT else { throw .io(operation: "remove", path: path, errno: errno) }
    }

    /// Makes creations, renames and removals in `directory` durable.
    static func syncDirectory(_ directory: String) throws(ResidencyLogError) {
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw .io(operation: "open directory", path: directory, errno: errno) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw .io(operation: "fsync directory", path: directory, errno: errno) }
    }
}
