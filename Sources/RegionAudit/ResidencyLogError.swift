#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why the residency log could not be written or read.
public enum ResidencyLogError: Error, Sendable, CustomStringConvertible {
    /// A system call failed on a log file.
    case io(operation: String, path: String, errno: Int32)
    /// A log directory cannot be created or listed.
    case directoryUnavailable(path: String, reason: String)
    /// The last complete record of the open segment cannot be read, so the chain cannot be
    /// continued safely.
    case unreadableTail(path: String, reason: String)
    /// A file of the log is damaged or missing (found while reading, querying or closing).
    case damaged(ResidencyLogDamage)
    /// Another process holds the log's lock.
    case locked(directory: String)

    public var description: String {
        switch self {
        case .io(let operation, let path, let code):
            "cannot \(operation) \(path): \(String(cString: strerror(code))) (errno \(code)); check the path, its permissions and free disk space"
        case .directoryUnavailable(let path, let reason):
            "cannot use the residency log directory \(path): \(reason); check that the path exists and is readable (and writable for the agent)"
        case .unreadableTail(let path, let reason):
            "cannot continue the residency log: the last record of \(path) is unreadable (\(reason)). Run 'regiond audit verify' on the directory, move the damaged log aside and start a new one"
        case .damaged(let damage):
            "\(damage); run 'regiond audit verify' on the directory for the full check"
        case .locked(let directory):
            "the residency log in \(directory) is in use by another process; run one writer per log directory"
        }
    }
}
