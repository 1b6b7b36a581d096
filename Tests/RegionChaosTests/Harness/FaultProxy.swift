import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A TCP proxy on 127.0.0.1 in front of one server port, whose `LinkFault` the test changes
/// while traffic flows: partitions (refused or blackholed), latency, connection loss and
/// canned HTTP errors.
///
/// One thread accepts; each connection gets two pump threads (one per direction). Setting
/// a fault that is not `.pass` cuts every open connection, so a client cannot keep using
/// a keep-alive connection across a partition.
final class FaultProxy: @unchecked Sendable {
    // @unchecked: every mutable field is guarded by `lock`.
    let port: Int
    let targetPort: Int
    private let listener: Int32
    private let lock = NSLock()
    private var fault = LinkFault.healthy
    private var open: Set<Int32> = []
    private var random: UInt64
    private var closed = false
    private var faulted = 0

    init(targetPort: Int, seed: UInt64 = 1) throws {
        self.targetPort = targetPort
        random = seed | 1
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ChaosHarnessError.socket("socket(): \(String(cString: strerror(errno)))") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = Self.loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 128) == 0 else {
            Glibc.close(fd)
            throw ChaosHarnessError.socket("bind/listen on 127.0.0.1: \(String(cString: strerror(errno)))")
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    var currentFault: LinkFault { lock.withLock { fault } }

    /// Connections this proxy refused, dropped, blackholed, delayed or answered with an error.
    var faultedConnections: Int { lock.withLock { faulted } }

    func set(_ newFault: LinkFault) {
        let cut: Set<Int32> = lock.withLock {
            fault = newFault
            return newFault.mode == .pass ? [] : open
        }
        for fd in cut { shutdown(fd, Int32(SHUT_RDWR)) }
    }

    /// Stops accepting and cuts every connection.
    func close() {
        let cut: Set<Int32> = lock.withLock {
            closed = true
            return open
        }
        shutdown(listener, Int32(SHUT_RDWR))
        for fd in cut { shutdown(fd, Int32(SHUT_RDWR)) }
    }

    deinit {
        Glibc.close(listener)
    }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 {
                if errno == EINTR || errno == ECONNABORTED { continue }
                return
            }
            handle(client)
        }
    }

    private func handle(_ client: Int32) {
        let (current, dropped) = lock.withLock { () -> (LinkFault, Bool) in
            let dropped = closed || (fault.connectionLoss > 0 && nextUnit() < fault.connectionLoss)
            if dropped || fault != .healthy { faulted += 1 }
            return (fault, dropped)
        }
        if dropped || current.mode == .refuse {
            Glibc.close(client)
            return
        }
        switch current.mode {
        case .blackhole:
            track(client)
            Thread.detachNewThread { [self] in
                drain(client)
                untrack(client)
                Glibc.close(client)
            }
        case .httpStatus(let status):
            Thread.detachNewThread { [self] in
                answer(client, status: status)
                Glibc.close(client)
            }
        case .pass, .refuse:
            guard let upstream = connectUpstream() else {
                Glibc.close(client)
                return
            }
            track(client)
            track(upstream)
            let pair = PumpPair()
            Thread.detachNewThread { [self] in pump(from: client, to: upstream, pair: pair) }
            Thread.detachNewThread { [self] in pump(from: upstream, to: client, pair: pair) }
        }
    }

    /// Copies bytes one way; the second pump to finish closes both sockets.
    private func pump(from source: Int32, to destination: Int32, pair: PumpPair) {
        var buffer = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(source, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { break }
            let delay = currentFault.latency
            if delay > .zero { Thread.sleep(forTimeInterval: Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18) }
            guard sendAll(buffer[0..<count], to: destination) else { break }
        }
        shutdown(source, Int32(SHUT_RDWR))
        shutdown(destination, Int32(SHUT_RDWR))
        if pair.finishOne() {
            untrack(source)
            untrack(destination)
            Glibc.close(source)
            Glibc.close(destination)
        }
    }

    private func answer(_ client: Int32, status: Int) {
        var request: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4_096)
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        while !Self.isComplete(request) {
            let count = buffer.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { break }
            request += buffer[0..<count]
        }
        let body = #"{"error": "injected fault: HTTP \#(status)"}"#
        let response = "HTTP/1.1 \(status) Injected Fault\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
        _ = sendAll(Array(response.utf8)[...], to: client)
        shutdown(client, Int32(SHUT_WR))
    }

    /// Whether `request` holds the whole head and as many body bytes as it declares.
    private static func isComplete(_ request: [UInt8]) -> Bool {
        let separator = Array("\r\n\r\n".utf8)
        guard request.count >= separator.count,
              let headEnd = (0...(request.count - separator.count)).first(where: { request[$0..<$0 + separator.count].elementsEqual(separator) })
        else { return false }
        let head = String(decoding: request[..<headEnd], as: UTF8.self).lowercased()
        let declared = head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
            .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
        return request.count - (headEnd + separator.count) >= declared
    }

    private func drain(_ client: Int32) {
        var buffer = [UInt8](repeating: 0, count: 4_096)
        while buffer.withUnsafeMutableBytes({ recv(client, $0.baseAddress, $0.count, 0) }) > 0 {}
    }

    private func sendAll(_ bytes: ArraySlice<UInt8>, to fd: Int32) -> Bool {
        var offset = bytes.startIndex
        while offset < bytes.endIndex {
            let written = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard written > 0 else { return false }
            offset += written
        }
        return true
    }

    private func connectUpstream() -> Int32? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var address = Self.loopback(port: targetPort)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            Glibc.close(fd)
            return nil
        }
        return fd
    }

    private func track(_ fd: Int32) { lock.withLock { _ = open.insert(fd) } }
    private func untrack(_ fd: Int32) { lock.withLock { _ = open.remove(fd) } }

    /// A uniform number in [0, 1) from a SplitMix64 sequence, so runs repeat. Call under `lock`.
    private func nextUnit() -> Double {
        random &+= 0x9E37_79B9_7F4A_7C15
        var z = random
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Double((z ^ (z >> 31)) >> 11) / Double(UInt64(1) << 53)
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }
}

/// Counts the two pumps of a proxied connection down to the one that closes it.
private final class PumpPair: @unchecked Sendable {
    // @unchecked: `running` is guarded by `lock`.
    private let lock = NSLock()
    private var running = 2

    /// True for the last pump to finish.
    func finishOne() -> Bool {
        lock.withLock {
            running -= 1
            return running == 0
        }
    }
}
