import Foundation
import Logging
@testable import RegionNet
import RegionTestSupport
import Testing

@Suite(.serialized) struct HTTPClientTests {
    let logger = Logger(label: "test.http")

    private func withClientAndServer(_ body: (HTTPClient, LocalHTTPServer) async throws -> Void) async throws {
        let server = try LocalHTTPServer()
        defer { server.stop() }
        let client = try HTTPClient(logger: logger)
        do {
            try await body(client, server)
        } catch {
            await client.shutdown()
            throw error
        }
        await client.shutdown()
    }

    @Test func getReturnsStatusHeadersBodyAndTiming() async throws {
        try await withClientAndServer { client, server in
            let response = try await client.execute(HTTPRequest(url: "\(server.baseURL)/hello", headers: [HTTPHeader("X-Probe", "seoul")]))
            #expect(response.status == 200)
            #expect(response.header("x-echo-method") == "GET")
            #expect(response.header("Content-Type") == "application/json")
            let echo = try JSONDecoder().decode(Echo.self, from: response.body)
            #expect(echo.path == "/hello")
            #expect(echo.headers["x-probe"] == "seoul")
            #expect(response.timing.total > .zero)
            #expect(response.timing.total >= response.timing.firstByte)
        }
    }

    @Test func postAndPatchSendTheBody() async throws {
        try await withClientAndServer { client, server in
            for method in [HTTPMethod.post, .patch, .put] {
                let request = HTTPRequest(method: method, url: "\(server.baseURL)/items", headers: [HTTPHeader("Content-Type", "text/plain")], body: Data("batch \(method)".utf8))
                let echo = try JSONDecoder().decode(Echo.self, from: try await client.execute(request).body)
                #expect(echo.method == method.rawValue)
                #expect(echo.body == "batch \(method)")
                #expect(echo.headers["content-type"] == "text/plain")
            }
        }
    }

    @Test func errorStatusIsAResponseNotAnError() async throws {
        try await withClientAndServer { client, server in
            let response = try await client.execute(HTTPRequest(url: "\(server.baseURL)/status/503"))
            #expect(response.status == 503)
            #expect(!response.isSuccess)
        }
    }

    @Test func headRequestHasNoBody() async throws {
        try await withClientAndServer { client, server in
            let response = try await client.execute(HTTPRequest(method: .head, url: "\(server.baseURL)/"))
            #expect(response.status == 200)
            #expect(response.body.isEmpty)
        }
    }

    @Test func sequentialRequestsReuseTheConnection() async throws {
        try await withClientAndServer { client, server in
            let first = try JSONDecoder().decode(Echo.self, from: try await client.execute(HTTPRequest(url: "\(server.baseURL)/a")).body)
            let second = try await client.execute(HTTPRequest(url: "\(server.baseURL)/b"))
            let echo = try JSONDecoder().decode(Echo.self, from: second.body)
            #expect(echo.clientPort == first.clientPort, "a new connection was opened instead of reusing the first")
            #expect(second.timing.connect == .zero)
        }
    }

    @Test func slowServerTimesOut() async throws {
        try await withClientAndServer { client, server in
            let url = "\(server.baseURL)/slow?ms=3000"
            await #expect(throws: HTTPClientError.timedOut(url: url, after: .milliseconds(200))) {
                try await client.execute(HTTPRequest(url: url, timeout: .milliseconds(200)))
            }
        }
    }

    @Test func closedPortIsConnectionRefused() async throws {
        let client = try HTTPClient(logger: logger)
        let url = "http://127.0.0.1:\(FreePort.allocate())/"
        await #expect(throws: HTTPClientError.connectionRefused(url: url)) {
            try await client.execute(HTTPRequest(url: url))
        }
        await client.shutdown()
    }

    @Test func malformedURLIsAnInvalidRequest() async throws {
        let client = try HTTPClient(logger: logger)
        await #expect {
            try await client.execute(HTTPRequest(url: "gopher://127.0.0.1/"))
        } throws: { error in
            if case .invalidRequest = error as? HTTPClientError { return true }
            return false
        }
        await client.shutdown()
    }

    @Test func manyConcurrentRequestsAllComplete() async throws {
        try await withClientAndServer { client, server in
            let paths = try await withThrowingTaskGroup(of: String.self) { group in
                for index in 0..<64 {
                    group.addTask {
                        let response = try await client.execute(HTTPRequest(url: "\(server.baseURL)/n/\(index)"))
                        return try JSONDecoder().decode(Echo.self, from: response.body).path
                    }
                }
                return try await group.reduce(into: Set<String>()) { $0.insert($1) }
            }
            #expect(paths == Set((0..<64).map { "/n/\($0)" }))
        }
    }

    @Test func cancellingTheTaskAbortsTheRequest() async throws {
        try await withClientAndServer { client, server in
            let task = Task { try await client.execute(HTTPRequest(url: "\(server.baseURL)/slow?ms=5000", timeout: .seconds(30))) }
            try await Task.sleep(for: .milliseconds(100))
            task.cancel()
            await #expect(throws: CancellationError.self) { try await task.value }
        }
    }

    @Test func anAnswerOverTheLimitIsDroppedWhetherItsLengthIsDeclaredOrNot() async throws {
        try await withClientAndServer { client, server in
            let declared = HTTPRequest(method: .post, url: "\(server.baseURL)/echo", body: Data(repeating: 0x61, count: 8_192), maxResponseBytes: 4_096)
            await #expect(throws: HTTPClientError.responseTooLarge(url: declared.url, limit: 4_096)) { try await client.execute(declared) }
            let chunked = HTTPRequest(url: "\(server.baseURL)/chunked?bytes=200000", maxResponseBytes: 50_000)
            await #expect(throws: HTTPClientError.responseTooLarge(url: chunked.url, limit: 50_000)) { try await client.execute(chunked) }
            let fits = try await client.execute(HTTPRequest(url: "\(server.baseURL)/chunked?bytes=50000", maxResponseBytes: 50_000))
            #expect(fits.body.count == 50_000)
        }
    }

    @Test func requestsAfterShutdownFail() async throws {
        let client = try HTTPClient(logger: logger)
        await client.shutdown()
        await #expect(throws: HTTPClientError.shutDown) {
            try await client.execute(HTTPRequest(url: "http://127.0.0.1:1/"))
        }
    }

    @Test func timingConvertsCumulativeMarksToPhases() {
        let tls = HTTPTiming(cumulativeMicroseconds: (nameLookup: 100, connect: 300, appConnect: 900, preTransfer: 950, startTransfer: 2_000, total: 2_500))
        #expect(tls == HTTPTiming(dnsLookup: .microseconds(100), connect: .microseconds(200), tlsHandshake: .microseconds(600), firstByte: .microseconds(1_050), total: .microseconds(2_500)))
        let plain = HTTPTiming(cumulativeMicroseconds: (nameLookup: 100, connect: 300, appConnect: 0, preTransfer: 310, startTransfer: 800, total: 900))
        #expect(plain.tlsHandshake == .zero)
        #expect(plain.firstByte == .microseconds(490))
    }
}
