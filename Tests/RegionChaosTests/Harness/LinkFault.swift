/// What a `FaultProxy` does to the connections that pass through it.
struct LinkFault: Sendable, Equatable, CustomStringConvertible {
    enum Mode: Sendable, Equatable {
        /// Forward both ways.
        case pass
        /// Accept and close at once: the peer sees a reset, like a host that is down.
        case refuse
        /// Accept and never answer: the peer waits for its timeout, like a partition that drops packets.
        case blackhole
        /// Read the HTTP request and answer it with this status, never forwarding it:
        /// an API that is up but failing (500) or refusing the change (422).
        case httpStatus(Int)
    }

    var mode: Mode = .pass
    /// Added before each chunk is forwarded, in either direction.
    var latency: Duration = .zero
    /// Fraction of new connections dropped at once (TCP hides packet loss; this is what a
    /// lossy link looks like to a client with short timeouts).
    var connectionLoss: Double = 0

    static let healthy = LinkFault()
    static let partitioned = LinkFault(mode: .blackhole)

    var description: String {
        var parts: [String] = []
        switch mode {
        case .pass: break
        case .refuse: parts.append("refused")
        case .blackhole: parts.append("blackholed")
        case .httpStatus(let status): parts.append("HTTP \(status)")
        }
        if latency > .zero { parts.append("+\(latency)") }
        if connectionLoss > 0 { parts.append("\(Int(connectionLoss * 100))% loss") }
        return parts.isEmpty ? "healthy" : parts.joined(separator: ", ")
    }
}
