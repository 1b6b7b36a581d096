import Dispatch
import Glibc
import RegionCore

/// Opens (and closes) a TCP connection to `host:port`; healthy when the connection is
/// accepted within the timeout. Runs on a dispatch thread: name resolution blocks.
struct TCPHealthCheck: HealthCheck {
    let host: String
    let port: UInt16
    let timeout: Duration

    var label: String { "tcp \(host):\(port)" }

    /// Parses regions.yaml's `host:port` form (`[v6]:port` for IPv6 literals).
    init(target: String, timeout: Duration) throws(HealthCheckFailure) {
        guard let colon = target.lastIndex(of: ":"), let port = UInt16(target[target.index(after: colon)...]) else {
            throw HealthCheckFailure("tcp health check target '\(target)' is not host:port; write it like 10.0.0.5:5432")
        }
        var host = String(target[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        self.host = host
        self.port = port
        self.timeout = timeout
    }

    func run() async throws(HealthCheckFailure) -> Duration {
        let result: Result<Duration, HealthCheckFailure> = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: connectOnce())
            }
        }
        return try result.get()
    }

    private func connectOnce() -> Result<Duration, HealthCheckFailure> {
        let start = ContinuousClock.now
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var addresses: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &addresses) == 0, let first = addresses else {
            return .failure(HealthCheckFailure("\(label): cannot resolve \(host)"))
        }
        defer { freeaddrinfo(addresses) }
        let descriptor = socket(first.pointee.ai_family, first.pointee.ai_socktype, first.pointee.ai_protocol)
        guard descriptor >= 0 else { return .failure(HealthCheckFailure("\(label): cannot open a socket (errno \(errno))")) }
        defer { close(descriptor) }
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        if connect(descriptor, first.pointee.ai_addr, first.pointee.ai_addrlen) != 0, errno != EINPROGRESS {
            return .failure(HealthCheckFailure("\(label): \(String(cString: strerror(errno)))"))
        }
        var poller = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
        let ready = poll(&poller, 1, Int32(clamping: timeout.milliseconds))
        guard ready > 0 else { return .failure(HealthCheckFailure("\(label): no connection within \(timeout)")) }
        var socketError: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &socketError, &length)
        guard socketError == 0 else { return .failure(HealthCheckFailure("\(label): \(String(cString: strerror(socketError)))")) }
        return .success(ContinuousClock.now - start)
    }
}
