import Foundation
@testable import RegionAgent
import RegionCore

/// A mutable value shared between a test and the agent tasks it drives.
final class Shared<Value: Sendable>: @unchecked Sendable {
    // @unchecked: `value` is guarded by `lock`.
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func read() -> Value { lock.withLock { value } }

    @discardableResult
    func update<Result>(_ body: (inout Value) -> Result) -> Result { lock.withLock { body(&value) } }
}

/// Probe answers chosen by the test: a region in `dead` fails, any other answers in 5 ms.
struct FakeProber: RegionProbing {
    let dead: Shared<Set<RegionName>>

    func probe(_ region: RegionName) async -> ProbeOutcome {
        dead.read().contains(region) ? .failure(reason: "connection refused") : .success(latency: .milliseconds(5))
    }
}

/// Records every state handed to the DNS provider; fails the first `failuresLeft` attempts.
final class FakeDNS: DNSPublishing, @unchecked Sendable {
    struct Attempt: Sendable {
        var publisher: RegionName
        var state: DesiredDNSState
        var succeeded: Bool
    }

    let publisher: RegionName
    let attempts: Shared<[Attempt]>
    let failuresLeft: Shared<Int>

    init(publisher: RegionName, attempts: Shared<[Attempt]>, failuresLeft: Shared<Int>) {
        self.publisher = publisher
        self.attempts = attempts
        self.failuresLeft = failuresLeft
    }

    func publish(_ state: DesiredDNSState, reason: String) async throws {
        let fail = failuresLeft.update { left in
            guard left > 0 else { return false }
            left -= 1
            return true
        }
        attempts.update { $0.append(Attempt(publisher: publisher, state: state, succeeded: !fail)) }
        if fail { throw FakeDNSFailure() }
    }
}

struct FakeDNSFailure: Error, CustomStringConvertible {
    var description: String { "provider answered 503" }
}

/// Delivers gossip straight to the receiving runtime unless either end is dead.
struct LoopbackGossip: GossipTransport {
    let runtimes: Shared<[RegionName: AgentRuntime]>
    let dead: Shared<Set<RegionName>>

    func send(_ gossip: ObservationGossip, to peer: RegionName) async throws {
        let dead = dead.read()
        guard !dead.contains(gossip.from), !dead.contains(peer), let runtime = runtimes.read()[peer] else { return }
        await runtime.deliver(.gossipReceived(gossip))
    }
}

/// Replication lag as the test sets it; every agent measures the same.
struct FakeLag: ReplicationLagSource {
    let lag: Shared<[RegionName: [String: Duration]]>

    func catchUpLag() async -> [RegionName: [String: Duration]] { lag.read() }
}
