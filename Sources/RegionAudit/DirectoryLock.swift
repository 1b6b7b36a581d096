#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive advisory lock on a log directory, held while the store is alive, so two
/// writers never interleave records of one chain.
final class DirectoryLock {
    private let descriptor: Int32

    init(directory: String) throws(ResidencyLogError) {
        let path = directory + "/.lock"
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .io(operation: "open lock file", path: path, errno: errno) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            close(descriptor)
            if code == EWOULDBLOCK { throw .locked(directory: directory) }
            throw .io(operation: "lock", path: path, errno: code)
        }
    }

    deinit { close(descriptor) }
}
