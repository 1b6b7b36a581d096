import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Sends raw bytes to a loopback port and returns what came back: for requests an HTTP
/// client library will not send (a chunked body without `Content-Length`, a forged header)
/// and for links a fault proxy may cut. "" when nothing came back or nobody listened.
///
/// The blocking socket calls run on a thread of their own: on the two-thread cooperative
/// pool of a two-core machine, a test blocking one thread for seconds starved the very
/// server it was waiting for (an empty answer after 294 s in CI).
public enum LoopbackExchange {
    /// When to stop reading the answer.
    public enum Until: Sendable {
        /// The other side closed, or `timeout` seconds passed without data.
        case closed
        /// The answer's head (status line and headers) arrived.
        case head
    }

    public static func send(
        _ request: [UInt8], port: Int, timeout: Int = 5, until: Until = .closed, maximumBytes: Int = 1 << 20
    ) async -> String {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(returning: exchange(request, port: port, timeout: timeout, until: until, maximumBytes: maximumBytes))
            }
        }
    }

    private static func exchange(_ request: [UInt8], port: Int, timeout: Int, until: Until, maximumBytes: Int) -> String {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return "" }
        defer { close(fd) }
        var wait = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return "" }
        var sent = 0
        while sent < request.count {
            let written = request[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            // A server may answer and close before reading everything: a refusal looks so.
            guard written > 0 else { break }
            sent += written
        }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4_096)
        while response.count < maximumBytes {
            let received = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard received > 0 else { break }
            response += buffer[0..<received]
            if until == .head, String(decoding: response, as: UTF8.self).contains("\r\n\r\n") { break }
        }
        return String(decoding: response, as: UTF8.self)
    }
}
