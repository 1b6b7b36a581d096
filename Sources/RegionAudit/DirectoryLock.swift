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
        // The descriptor becomes the object's only once it is locked: a class whose init
        // throws after every stored property is set still runs `deinit`, which would close
        // it a second time, possibly while another thread reuses the number.
        let opened = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard opened >= 0 else { throw .io(operation: "open lock file", path: path, errno: errno) }
        guard flock(opened, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            close(opened)
            if code == EWOULDBLOCK { throw .locked(directory: directory) }
            throw .io(operation: "lock", path: path, errno: code)
        }
        descriptor = opened
    }

    deinit { close(descriptor) }
}
