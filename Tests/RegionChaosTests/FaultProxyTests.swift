import Foundation
import RegionTestSupport
import Testing

/// The fault proxy itself, chained: a front proxy whose fault is under test, in front of a
/// back proxy that answers every HTTP request with 503 (a server that needs no process).
@Suite struct FaultProxyTests {
    private let request = Array("POST /v1/x HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n\r\nhello".utf8)

    private func chain(_ front: LinkFault) throws -> (front: FaultProxy, back: FaultProxy) {
        let back = try FaultProxy(targetPort: 1)
        back.set(LinkFault(mode: .httpStatus(503)))
        let proxy = try FaultProxy(targetPort: back.port)
        proxy.set(front)
        return (proxy, back)
    }

    @Test func healthyLinkForwardsBothWays() async throws {
        let (front, back) = try chain(.healthy)
        defer { front.close(); back.close() }
        #expect(await LoopbackExchange.send(request, port: front.port).hasPrefix("HTTP/1.1 503"))
        #expect(front.faultedConnections == 0)
    }

    @Test func refusedAndBlackholedLinksAnswerNothing() async throws {
        for fault in [LinkFault(mode: .refuse), LinkFault(mode: .blackhole)] {
            let (front, back) = try chain(fault)
            defer { front.close(); back.close() }
            #expect(await LoopbackExchange.send(request, port: front.port, timeout: 1) == "", "\(fault)")
            #expect(front.faultedConnections == 1)
        }
    }

    @Test func cannedStatusIsAnsweredWithoutForwarding() async throws {
        let (front, back) = try chain(LinkFault(mode: .httpStatus(422)))
        defer { front.close(); back.close() }
        #expect(await LoopbackExchange.send(request, port: front.port).hasPrefix("HTTP/1.1 422"))
        #expect(back.faultedConnections == 0)
    }

    @Test func totalLossDropsEveryConnectionAndHealingRestoresTheLink() async throws {
        let (front, back) = try chain(LinkFault(connectionLoss: 1))
        defer { front.close(); back.close() }
        #expect(await LoopbackExchange.send(request, port: front.port) == "")
        front.set(.healthy)
        #expect(await LoopbackExchange.send(request, port: front.port).hasPrefix("HTTP/1.1 503"))
    }
}
