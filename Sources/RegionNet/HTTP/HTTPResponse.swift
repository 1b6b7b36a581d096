import Foundation

/// A complete HTTP response with the timing of the exchange that produced it.
public struct HTTPResponse: Sendable, Equatable {
    public var status: Int
    /// Headers of the final response (after any `100 Continue`), in received order.
    public var headers: [HTTPHeader]
    public var body: Data
    public var timing: HTTPTiming

    public init(status: Int, headers: [HTTPHeader], body: Data, timing: HTTPTiming) {
        self.status = status
        self.headers = headers
        self.body = body
        self.timing = timing
    }

    /// The first value of a header, compared case-insensitively as HTTP requires.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    public var isSuccess: Bool { (200..<300).contains(status) }

    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}

/// Where the time of one exchange went, as libcurl measured it; health probes report it
/// so that a slow region can be told apart from a slow resolver or a slow TLS handshake.
///
/// Each phase is its own duration (not cumulative from the start, unlike libcurl's raw
/// figures). A reused connection shows zero for DNS, connect and TLS.
public struct HTTPTiming: Sendable, Equatable, CustomStringConvertible {
    public var dnsLookup: Duration
    public var connect: Duration
    public var tlsHandshake: Duration
    /// From the request being ready to send to the first response byte (server think time).
    public var firstByte: Duration
    public var total: Duration

    public init(dnsLookup: Duration, connect: Duration, tlsHandshake: Duration, firstByte: Duration, total: Duration) {
        self.dnsLookup = dnsLookup
        self.connect = connect
        self.tlsHandshake = tlsHandshake
        self.firstByte = firstByte
        self.total = total
    }

    /// Converts libcurl's cumulative microsecond marks into phase durations.
    init(cumulativeMicroseconds marks: (nameLookup: Int64, connect: Int64, appConnect: Int64, preTransfer: Int64, startTransfer: Int64, total: Int64)) {
        let connectEnd = max(marks.connect, marks.nameLookup)
        let tlsEnd = marks.appConnect > 0 ? max(marks.appConnect, connectEnd) : connectEnd
        let requestReady = max(marks.preTransfer, tlsEnd)
        dnsLookup = .microseconds(marks.nameLookup)
        connect = .microseconds(connectEnd - marks.nameLookup)
        tlsHandshake = .microseconds(tlsEnd - connectEnd)
        firstByte = .microseconds(max(marks.startTransfer - requestReady, 0))
        total = .microseconds(marks.total)
    }

    public var description: String {
        func ms(_ d: Duration) -> String { String(format: "%.2fms", d.inMilliseconds) }
        return "dns \(ms(dnsLookup)) connect \(ms(connect)) tls \(ms(tlsHandshake)) first-byte \(ms(firstByte)) total \(ms(total))"
    }
}

extension Duration {
    /// Fractional milliseconds, for figures printed to humans.
    var inMilliseconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }
}
